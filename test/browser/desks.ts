import { Browser, BrowserContext, Page } from 'playwright-core';
import { STAFF_PASSWORD } from '../support/http';
import { newContext, signInByKeyboard, SIZES, SizeName } from './console-harness';

/**
 * The staff members' browsers of a test file: one per person, opened and signed in by keyboard
 * the first time the person is needed, and kept for the file's later tests (as a desk keeps its
 * browser open through the day). A test starts from a page it goes to, so it does not depend on
 * where the one before left the browser, and at the device's width (a test may look at the page
 * on another for a while). Closed with the file's browser connection.
 */
export class Desks {
  private readonly open = new Map<string, Promise<{ context: BrowserContext; page: Page }>>();

  constructor(
    private readonly browser: () => Browser,
    private readonly consoleUrl: () => string,
  ) {}

  /** The person's page, at `size` (the width of their device) when first opened. */
  async pageOf(
    who: { email: string },
    size: SizeName,
    password: string = STAFF_PASSWORD,
  ): Promise<Page> {
    let desk = this.open.get(who.email);
    if (!desk) {
      desk = (async () => {
        const context = await newContext(this.browser(), size);
        const page = await context.newPage();
        await signInByKeyboard(page, this.consoleUrl(), who.email, password);
        return { context, page };
      })();
      this.open.set(who.email, desk);
    }
    const { page } = await desk;
    // The device's width again, if the test before looked at the page on another.
    const now = page.viewportSize();
    if (now?.width !== SIZES[size].width || now?.height !== SIZES[size].height)
      await page.setViewportSize(SIZES[size]);
    return page;
  }

  /** A browser the test opened and signed in itself (to check the sign-in screen on the way). */
  keep(who: { email: string }, context: BrowserContext, page: Page): void {
    this.open.set(who.email, Promise.resolve({ context, page }));
  }

  /** Closes a person's browser (they signed out, or the account is gone). */
  async close(who: { email: string }): Promise<void> {
    const desk = this.open.get(who.email);
    this.open.delete(who.email);
    if (desk) await (await desk).context.close();
  }
}
