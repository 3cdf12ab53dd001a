import { Response, Test } from 'supertest';
import { assertContract } from './contract';

/**
 * Every answer a server test receives through supertest — through `ApiClient` or a bare
 * `request(app.api)` (sign-in, cookies, hardening) — is checked against openapi.json when it
 * arrives: a status its operation does not document, or a body outside its schema, fails the test.
 * Paths the document does not describe (the console's files, /docs) are not checked.
 */
type Then = (
  this: Test,
  onOk?: ((res: Response) => unknown) | null,
  onErr?: ((err: unknown) => unknown) | null,
) => Promise<unknown>;

const then = Test.prototype.then as unknown as (
  this: Test,
  onOk: (res: Response) => Response,
) => Promise<Response>;
const checked: Then = function (this: Test, onOk, onErr) {
  return then
    .call(this, (res: Response) => {
      const { method, url } = this as unknown as { method: string; url: string };
      assertContract(method, url, res.status, String(res.headers['content-type'] ?? ''), res.body);
      return res;
    })
    .then(onOk, onErr);
};
Test.prototype.then = checked as unknown as Test['then'];
