// The invariants live with the server (src/database/invariants.ts) so `npm run cli -- restore`
// checks the same ones; the tools import them from here.
export * from '../../src/database/invariants';
