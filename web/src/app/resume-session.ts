import { session } from '../api/session';

// Imported first by main.tsx: the refresh request goes out before React, the router and the
// screens are evaluated, so it runs while they load instead of after the first render.
if (session.state.status === 'starting')
  session.resume().catch((err: unknown) => session.unavailable(err));
