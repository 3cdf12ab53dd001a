import createClient from 'openapi-fetch';
import { closedRecordAccess } from './access-reason';
import { consoleMiddleware } from './middleware';
import type { paths } from './schema';
import { session } from './session';

/** The typed API client (types generated from the committed openapi.json). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

api.use(
  consoleMiddleware({
    accessToken: () => session.accessToken(),
    refresh: () => session.refresh().catch(() => false),
    fetch: (r) => fetch(r),
    newKey,
    accessReason: () => closedRecordAccess.reason(),
  }),
);

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost); on a
 * plain-HTTP office address the console still needs keys for its money posts.
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type Schemas = import('./schema').components['schemas'];
