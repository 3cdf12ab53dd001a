import { act } from '@testing-library/react';
import { configureAxe } from 'jest-axe';

/** The rules the Chromium checks run (test/browser/console-harness.ts): WCAG 2.2 A and AA. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const axe = configureAxe({
  runOnly: { type: 'tag', values: TAGS },
  // jsdom lays nothing out and paints nothing: colour contrast is left to the Chromium checks.
  rules: { 'color-contrast': { enabled: false } },
  resultTypes: ['violations'],
});

/**
 * axe on the whole page as it is now (dialogs, error summaries and the live region included).
 * It runs inside act: an answer that arrives meanwhile is applied after it, not under its feet.
 */
export async function expectAccessible(): Promise<void> {
  let results: Awaited<ReturnType<typeof axe>> | undefined;
  await act(async () => {
    results = await axe(document.body);
  });
  expect(results).toHaveNoViolations();
}
