import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

/** The Debian package that holds `path`. */
function debianPackageOf(path: string): string {
  return path.endsWith('chromium-headless-shell') ? 'chromium-headless-shell' : 'chromium';
}

/**
 * Debian's Chromium at `path` (no browser download works here): when it is missing, installed
 * with apt when we are root, else an error that says what to install or which variable (`setting`)
 * names another binary.
 */
export function ensureChromium(path: string, setting: string): void {
  if (existsSync(path)) return;
  const pkg = debianPackageOf(path);
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    process.stdout.write(
      `\nChromium is missing at ${path}: installing Debian's ${pkg} with apt…\n`,
    );
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync(
      'apt-get',
      ['install', '-y', '-qq', '--no-install-recommends', pkg, 'fonts-liberation'],
      { stdio: 'inherit', env },
    );
    if (existsSync(path)) return;
  }
  throw new Error(
    `Chromium is needed at ${path}. Install it (Debian: sudo apt-get install ${pkg}) ` +
      `or set ${setting} to a Chromium or Chrome binary.`,
  );
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
