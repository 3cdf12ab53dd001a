/**
 * Debian's Chromium, the full browser: the bench drives it (Lighthouse, the heavy screens), as a
 * desk's browser would be.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium headless shell (package `chromium-headless-shell`): the same Blink, V8 and
 * DevTools protocol without the desktop browser around them, about a fifth less CPU over the
 * browser tests. The tests drive it; `.ci/run` and the test set-up install it when missing. It
 * has no PDF viewer: a PDF opened in a tab goes to its download manager (see `pdfOpenedByEnter`).
 */
export const TEST_CHROMIUM = process.env.TEST_CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';

/** The Debian package that holds `path` (for the set-up's install and its message). */
export function debianPackageOf(path: string): string {
  return path.endsWith('chromium-headless-shell') ? 'chromium-headless-shell' : 'chromium';
}

/** Headless, with nothing that reaches for the network: for the tests and the bench. */
export function chromiumOptions(executablePath: string) {
  return {
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  };
}

/** The bench's browser. */
export const CHROMIUM_OPTIONS = chromiumOptions(CHROMIUM);

/** The tests' browser. */
export const TEST_CHROMIUM_OPTIONS = chromiumOptions(TEST_CHROMIUM);
