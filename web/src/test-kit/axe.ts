import { configureAxe } from 'jest-axe';

/** The rules the Chromium checks run (test/browser/console-harness.ts): WCAG 2.2 A and AA. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const axe = configureAxe({
  runOnly: { type: 'tag', values: TAGS },
  // jsdom lays nothing out and paints nothing: colour contrast is left to the Chromium checks.
  rules: { 'color-contrast': { enabled: false } },
  resultTypes: ['violations'],
});

/** axe on the whole page as it is now (dialogs, error summaries and the live region included). */
export async function expectAccessible(): Promise<void> {
  expect(await axe(document.body)).toHaveNoViolations();
}
