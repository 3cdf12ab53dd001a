import { useSyncExternalStore } from 'react';

// The last participant search, in memory only: a name or case number never goes into the URL,
// localStorage or sessionStorage.
let last = '';
const listeners = new Set<() => void>();

export function setLastSearch(q: string): void {
  last = q;
  for (const l of listeners) l();
}

export function useLastSearch(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => last,
  );
}
