import createClient from 'openapi-fetch';
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
    newKey: () => crypto.randomUUID(),
  }),
);

export type Schemas = import('./schema').components['schemas'];

/** Opens a PDF or CSV of the API in a new tab (it needs the access token, so it is fetched). */
export async function openFile(path: string, filename: string): Promise<void> {
  const { response } = await api.GET(path as never, { parseAs: 'blob' } as never);
  const blob = await (response as Response).clone().blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
