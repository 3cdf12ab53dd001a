import JsdomEnvironment from 'jest-environment-jsdom';

/**
 * jsdom, plus what a browser has and jsdom lacks for the console's API client: `Request`,
 * `Response` and `Headers` (Node's own), with relative URLs resolved against the page's address
 * as a browser does. `fetch` itself is the fake API's (setup.ts), so no request leaves the test.
 */
export default class ConsoleEnvironment extends JsdomEnvironment {
  constructor(...args: ConstructorParameters<typeof JsdomEnvironment>) {
    super(...args);
    const page = this.global as unknown as Window & typeof globalThis;
    const base = page.location.href;
    class PageRequest extends Request {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(typeof input === 'string' ? new URL(input, base) : input, init);
      }
    }
    Object.assign(page, { Request: PageRequest, Response, Headers });
  }
}
