// The kit of the console's component tests (README, Testing): render a page by its URL with a
// signed-in user (renderRoute, signInAs), answer its API calls and read what it sent (server),
// and check what a person sees and hears (findErrorSummary, summaryRows, liveRegion, axe).
export * from './axe';
export * from './fake-api';
export * from './fixtures';
export * from './render';
export * from './session';
export * from './money-forms';
