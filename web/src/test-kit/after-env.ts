// After the test framework is in place: the DOM matchers, axe's matcher, a fake API that starts
// empty for each test, and two ways a test fails although its assertions held: the screen asked
// for something the test gave no answer for, or React (or jsdom) reported an error on the
// console (an update outside act, a missing key, a "not implemented").
import '@testing-library/jest-dom';
import { cleanup, configure } from '@testing-library/react';
import { toHaveNoViolations } from 'jest-axe';
import { server } from './fake-api';

expect.extend(toHaveNoViolations);

// findBy… and waitFor give the screen up to 5 s (not 1 s), and a test 30 s: on a busy machine a
// page still comes; a screen that never shows what is awaited still fails in seconds.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(30_000);

let reported: string[] = [];
const consoleError = console.error.bind(console);

beforeEach(() => {
  server.reset();
  reported = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    reported.push(args.map(String).join(' '));
    consoleError(...args);
  });
});

afterEach(() => {
  // Each test starts from an empty page (said here, not left to the import order of the library).
  cleanup();
  jest.mocked(console.error).mockRestore();
  const unanswered = server.unhandled;
  if (unanswered.length)
    throw new Error(
      `The screen sent requests the test gave no answer for:\n  ${unanswered.join('\n  ')}`,
    );
  if (reported.length)
    throw new Error(`The console reported errors:\n  ${reported.join('\n  ').slice(0, 2000)}`);
});
