import createClient from 'openapi-fetch';
import { closedRecordAccess } from './access-reason';
import { consoleMiddleware } from './middleware';
import type { paths } from './schema';
import { session } from './session';

const middleware = consoleMiddleware({
  accessToken: () => session.accessToken(),
  refresh: () => session.refresh().catch(() => false),
  fetch: (r) => fetch(r),
  accessReason: () => closedRecordAccess.reason(),
});

/** The typed API client (types generated from the committed openapi.json). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(middleware);

/**
 * The same client (token, refresh, errors) for the API's files: their paths are concrete
 * (`/enrollments/<id>/completion-notice.pdf`), not the typed templates, and the answer is a blob.
 */
export const fileClient = createClient<any>({ baseUrl: '', credentials: 'same-origin' });
fileClient.use(middleware);

export type Schemas = import('./schema').components['schemas'];
