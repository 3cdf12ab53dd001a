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
    accessReason: () => closedRecordAccess.reason(),
  }),
);

export type Schemas = import('./schema').components['schemas'];
