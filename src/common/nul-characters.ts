/** Paths of every string holding a NUL character, which PostgreSQL text cannot store. */
export function fieldsWithNul(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'value'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => fieldsWithNul(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k.includes('\u0000') ? [path ? `${path}.${k}` : k] : []),
      ...fieldsWithNul(v, path ? `${path}.${k}` : k),
    ]);
  }
  return [];
}
