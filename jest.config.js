// Three projects, one `npm test`:
// - server: unit tests (src/**/*.spec.ts) and HTTP and browser tests against real PostgreSQL
//   (test/**/*.e2e-spec.ts); its global setup builds the server and starts PostgreSQL;
// - console-unit: the console's pure rules (web/src/**/*.spec.ts), in Node;
// - console: the console's screens in jsdom (web/src/**/*.test.tsx), with a fake API at fetch.
// The two console projects need no global setup: `npx jest web/src` runs only them, in seconds.
const swcTs = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  },
];

const swcTsx = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
  },
];

module.exports = {
  maxWorkers: process.env.JEST_WORKERS ?? 2,
  verbose: false,
  // A run-wide setting (jest ignores it in a project): the server's tests need it; the console's
  // set their own in their setup.
  testTimeout: 120_000,
  projects: [
    {
      displayName: 'server',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': swcTs },
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/contract-everywhere.ts'],
    },
    {
      displayName: 'console-unit',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/web/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': swcTs },
    },
    {
      displayName: 'console',
      rootDir: '.',
      testEnvironment: '<rootDir>/web/src/test-kit/environment.ts',
      testMatch: ['<rootDir>/web/src/**/*.test.tsx'],
      transform: { '^.+\\.tsx?$': swcTsx },
      moduleNameMapper: { '\\.css$': '<rootDir>/web/src/test-kit/style-stub.ts' },
      setupFiles: ['<rootDir>/web/src/test-kit/setup.ts'],
      setupFilesAfterEnv: ['<rootDir>/web/src/test-kit/after-env.ts'],
    },
  ],
};
