import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../src/common/error-codes';
import { contractViolation } from './support/contract';

/**
 * The check every HTTP suite runs on every answer (test/support/http.ts, fuzz.e2e-spec.ts), on
 * answers made up here: it must refuse what the document does not say.
 */
const problem = (status: number, code: string) => ({
  type: 'about:blank',
  title: 'Error',
  status,
  code,
  detail: 'Made up.',
  requestId: 'r',
});
const PJ = 'application/problem+json; charset=utf-8';
const ID = '3f2fd73c-1bbe-4992-85b2-a59326f0a791';

describe('the HTTP contract check', () => {
  it('accepts a refusal whose code the route lists', () => {
    expect(
      contractViolation('GET', `/api/v1/sessions/${ID}`, 404, PJ, problem(404, 'NOT_FOUND')),
    ).toBeUndefined();
  });

  it('fails a refusal whose code the route does not list, at a documented status', () => {
    expect(
      contractViolation(
        'POST',
        `/api/v1/sessions/${ID}/cancel`,
        422,
        PJ,
        problem(422, 'OVERPAYMENT'),
      ),
    ).toMatch(/code must be equal to one of the allowed values/);
  });

  it('fails a status the route does not document', () => {
    expect(
      contractViolation('GET', `/api/v1/sessions/${ID}`, 409, PJ, problem(409, 'CONFLICT')),
    ).toMatch(/answered 409 CONFLICT, which the document does not list/);
  });

  it('fails a body outside the success schema', () => {
    expect(
      contractViolation('GET', `/api/v1/sessions/${ID}`, 200, 'application/json', { id: 7 }),
    ).toMatch(/body does not match the document/);
  });

  it('documents each refusal code at the status the catalogue gives it', () => {
    const doc = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'));
    const wrong: string[] = [];
    let refusals = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
          const codes: string[] =
            response.content?.['application/problem+json']?.schema?.allOf?.[1]?.properties?.code
              ?.enum ?? [];
          if (Number(status) >= 400 && codes.length === 0) {
            wrong.push(`${method} ${path} ${status}: no codes`);
          }
          for (const code of codes) {
            refusals++;
            const expected = (ErrorCode as Record<string, number>)[code];
            if (expected !== Number(status)) wrong.push(`${method} ${path} ${status} ${code}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(refusals).toBeGreaterThan(100);
  });
});
