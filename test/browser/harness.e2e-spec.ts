import { Browser } from 'playwright-core';
import { expectAccessible, launchChromium, newContext, screenOf } from './console-harness';

/** The checks every screen goes through find what they are there to find. */
describe('Console test harness', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('axe reports a field without a label and text without contrast, and passes a clean page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html lang="en"><head><title>Form</title></head>
      <body><main><h1>Form</h1>
        <input type="text" id="nameless">
        <p style="color:#ccc;background:#fff">Faint text</p>
      </main></body></html>`);
    const failure = await expectAccessible(page, 'a bad form').then(
      () => 'no violation found',
      (err: Error) => err.message,
    );
    expect(failure).toContain('label');
    expect(failure).toContain('color-contrast');
    expect(failure).toContain('#nameless');

    await page.setContent(`<!doctype html><html lang="en"><head><title>Form</title></head>
      <body><main><h1>Form</h1>
        <label for="named">Name</label><input type="text" id="named">
      </main></body></html>`);
    await expectAccessible(page, 'a good form');
    await context.close();
  });

  it('names a screen by its path and the choices in its address, not by ids, pages or days', () => {
    expect(screenOf('http://x/participants/0d36b8ab-f94a-4a29-8d1f-d136c24681de?tab=ledger')).toBe(
      '/participants/:id?tab=ledger',
    );
    expect(screenOf('http://x/sessions?on=2026-12-07&page=2')).toBe('/sessions');
    expect(screenOf('http://x/work/referrals?filter=NOT_ELIGIBLE&page=3')).toBe(
      '/work/referrals?filter=NOT_ELIGIBLE',
    );
  });
});
