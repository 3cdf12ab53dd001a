import { canonicalJson, isWellFormedIdempotencyKey, requestHash } from './idempotency-key';

describe('idempotency keys', () => {
  it('accepts 1–200 printable ASCII characters only', () => {
    expect(isWellFormedIdempotencyKey('a')).toBe(true);
    expect(isWellFormedIdempotencyKey('3f2b9c1e-8d7a-4c5b-9e6f-0a1b2c3d4e5f')).toBe(true);
    expect(isWellFormedIdempotencyKey('x'.repeat(200))).toBe(true);
    expect(isWellFormedIdempotencyKey('')).toBe(false);
    expect(isWellFormedIdempotencyKey('x'.repeat(201))).toBe(false);
    expect(isWellFormedIdempotencyKey('clé')).toBe(false);
    expect(isWellFormedIdempotencyKey('a\tb')).toBe(false);
  });

  it('treats bodies with reordered keys as the same request', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 2, y: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":1,"z":2}]},"b":1}',
    );
    expect(requestHash('POST', '/p', { a: 1, b: 2 })).toBe(
      requestHash('post', '/p', { b: 2, a: 1 }),
    );
  });

  it('tells apart a different body, path or method', () => {
    const base = requestHash('POST', '/api/v1/enrollments/1/payments', { amountCents: 100 });
    expect(requestHash('POST', '/api/v1/enrollments/1/payments', { amountCents: 101 })).not.toBe(
      base,
    );
    expect(requestHash('POST', '/api/v1/enrollments/2/payments', { amountCents: 100 })).not.toBe(
      base,
    );
    expect(requestHash('PUT', '/api/v1/enrollments/1/payments', { amountCents: 100 })).not.toBe(
      base,
    );
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
