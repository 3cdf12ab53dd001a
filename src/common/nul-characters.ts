/**
 * Paths of every string (and key) holding a NUL character, which PostgreSQL text cannot store.
 * Iterative, so that no body shape can exhaust the stack (bodies deeper than MAX_BODY_DEPTH are
 * refused before this runs; query strings and path parameters are flat).
 */
export function fieldsWithNul(value: unknown, path = ''): string[] {
  const found: string[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path }];
  while (stack.length) {
    const { value: v, path: p } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) found.push(p || 'value');
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${p}[${i}]` });
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i];
        const childPath = p ? `${p}.${k}` : k;
        stack.push({ value: child, path: childPath });
        // The key itself is reported before anything inside its value.
        if (k.includes('\u0000')) stack.push({ value: '\u0000', path: childPath });
      }
    }
  }
  return found;
}
