export * from './axe';
export * from './fake-api';
export * from './fixtures';
export * from './render';
export * from './session';
