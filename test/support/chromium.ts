import { Browser, chromium } from 'playwright-core';
import { TEST_CHROMIUM_OPTIONS } from '../../scripts/lib/chromium';

export { TEST_CHROMIUM, TEST_CHROMIUM_OPTIONS, ensureChromium } from '../../scripts/lib/chromium';

/**
 * The run's one Chromium: the test set-up starts it once (`TEST_CHROMIUM_WS`) and every browser
 * test file connects to it (closing the connection closes that file's pages); a file run on its
 * own outside the set-up starts its own.
 */
export function launchChromium(): Promise<Browser> {
  const endpoint = process.env.TEST_CHROMIUM_WS;
  return endpoint ? chromium.connect(endpoint) : chromium.launch(TEST_CHROMIUM_OPTIONS);
}
