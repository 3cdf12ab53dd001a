/** Where the HTTP API lives: every route is under /api/v1 (the console and /docs are not). */
export const API_PREFIX = 'api/v1';
