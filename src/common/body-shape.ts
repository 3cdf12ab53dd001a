import { FieldError } from './domain-error';

/** No request of this API nests deeper than a few levels; 32 leaves room and bounds every walk. */
export const MAX_BODY_DEPTH = 32;

/**
 * Keys JSON.parse keeps as own properties but that mean something to JavaScript objects: they
 * are never a field of this API, and dropping them silently would hide a probe.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first thing wrong with a parsed JSON body's shape, walked iteratively (never recursion). */
export function bodyShapeError(body: unknown): FieldError | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: body, path: '', depth: 0 },
  ];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      return {
        field: path || 'body',
        message: `must not nest deeper than ${MAX_BODY_DEPTH} levels`,
      };
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field, message: 'is not an allowed property name' };
      stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return undefined;
}
