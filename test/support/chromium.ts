import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium (installed by `.ci/run` or the test set-up when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, with nothing that reaches for the network. */
export const CHROMIUM_OPTIONS = {
  executablePath: CHROMIUM,
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

/**
 * The run's one Chromium: the test set-up starts it once (`TEST_CHROMIUM_WS`) and every browser
 * test file connects to it (closing the connection closes that file's pages); a file run on its
 * own outside the set-up starts its own.
 */
export function launchChromium(): Promise<Browser> {
  const endpoint = process.env.TEST_CHROMIUM_WS;
  return endpoint ? chromium.connect(endpoint) : chromium.launch(CHROMIUM_OPTIONS);
}
