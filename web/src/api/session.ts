import { useSyncExternalStore } from 'react';
import { problemOf } from './middleware';
import { ApiError, NetworkError } from './problem';

export type Role = 'ADMIN' | 'INTAKE' | 'FACILITATOR' | 'FINANCE' | 'SUPERVISOR' | 'AUDITOR';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
}

/**
 * - `starting`: looking for a session to resume (the refresh cookie) after a page load;
 * - `signedOut`: nobody is signed in; the sign-in page shows;
 * - `signedIn`;
 * - `ended`: the session ended while the console was open (idle, expired, revoked). The page
 *   stays mounted, hidden under a sign-in dialog, so nothing typed is lost.
 */
export type SessionStatus = 'starting' | 'signedOut' | 'signedIn' | 'ended';

export interface SessionState {
  status: SessionStatus;
  user: SessionUser | null;
  endedBecause?: 'idle' | 'expired';
  /** Why the sign-in page shows although a session may exist (network, throttling). */
  unavailable?: string;
  /**
   * Signing out did not reach the server, so the session may still be open in this browser: said
   * where the person looks, never swallowed.
   */
  signOutFailed?: string;
}

const AUTH = '/api/v1/auth';
/** Refresh and logout from the console carry this header: no other site can send it. */
const COOKIE_MODE = { 'X-Session-Transport': 'cookie' };

let state: SessionState = { status: 'starting', user: null };
let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
let resuming: Promise<void> | null = null;
/** When the access token was last issued (sign-in or refresh), for the refresh while working. */
let issuedAt = 0;
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  for (const l of listeners) l();
}

export const session = {
  get state(): SessionState {
    return state;
  },
  accessToken(): string | null {
    return accessToken;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  async signIn(email: string, password: string): Promise<SessionUser> {
    const body = await post('login', { email, password });
    accessToken = body.accessToken;
    issuedAt = Date.now();
    const user = toUser(body.user);
    set({ status: 'signedIn', user });
    return user;
  },

  /**
   * After a page load: resume the session the refresh cookie belongs to, if any. Started as the
   * console loads (app/resume-session.ts); a second call meanwhile waits for the same one.
   */
  resume(): Promise<void> {
    resuming ??= (async () => {
      try {
        const ok = await session.refresh();
        if (!ok) set({ status: 'signedOut', user: null });
      } finally {
        resuming = null;
      }
    })();
    return resuming;
  },

  /** How long ago the access token was issued, in milliseconds. */
  tokenAge(): number {
    return Date.now() - issuedAt;
  },

  /**
   * Exchanges the refresh cookie for a new access token. One exchange at a time in this tab, and
   * across the console's tabs too (Web Locks): two tabs presenting the same cookie at once would
   * look like a stolen token and end the sign-in everywhere. The cookie jar is shared, so the tab
   * that waited presents the cookie the first one received.
   */
  refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      try {
        const body = await exclusively(() => post('refresh', {}));
        accessToken = body.accessToken;
        issuedAt = Date.now();
        const user = toUser(body.user);
        set({ status: 'signedIn', user });
        return true;
      } catch (err) {
        // Throttled or briefly unavailable is not the end of the session: keep it, try later.
        if (err instanceof NetworkError) throw err;
        if (err instanceof ApiError && (err.status === 429 || err.status >= 500)) throw err;
        accessToken = null;
        if (state.status === 'signedIn')
          set({ ...state, status: 'ended', endedBecause: 'expired' });
        return false;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  },

  /** The session could not be checked (network down, throttled, server unavailable). */
  unavailable(err: unknown): void {
    set({ status: 'signedOut', user: null, unavailable: summarizeFailure(err) });
  },

  /**
   * Signs out on the server: the cookie alone ends the sign-in (its refresh tokens and access
   * tokens), however long the access token has been expired. True once signed out; when the
   * server could not be reached the person stays signed in and `signOutFailed` says so.
   */
  async signOut(): Promise<boolean> {
    try {
      await post('logout', {});
    } catch (err) {
      set({ ...state, signOutFailed: signOutFailure(err) });
      return false;
    }
    accessToken = null;
    set({ status: 'signedOut', user: null });
    return true;
  },

  /**
   * Ends the session but keeps the page, for the sign-in dialog over it: the page is covered at
   * once, then the server is told; if it cannot be, `signOutFailed` says so in that dialog.
   */
  async end(because: 'idle' | 'expired'): Promise<void> {
    accessToken = null;
    set({ ...state, status: 'ended', endedBecause: because, signOutFailed: undefined });
    try {
      await post('logout', {});
    } catch (err) {
      set({ ...state, signOutFailed: signOutFailure(err) });
    }
  },
};

/** Runs `fn` holding the console's refresh lock, where the browser has Web Locks. */
function exclusively<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('case-manager-refresh', fn) as Promise<T>) : fn();
}

async function post(route: 'login' | 'refresh' | 'logout', body: object): Promise<any> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...COOKIE_MODE };
  let res: Response;
  try {
    res = await fetch(`${AUTH}/${route}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new NetworkError();
  }
  if (!res.ok) throw new ApiError(await problemOf(res));
  return res.status === 204 ? undefined : res.json();
}

function signOutFailure(err: unknown): string {
  const why = err instanceof ApiError ? err.problem.detail : 'the connection failed';
  return `Signing out did not reach the case manager (${why}), so this browser may still be signed in. Check the connection and sign out again, or close every browser window before you leave this computer.`;
}

function summarizeFailure(err: unknown): string {
  if (err instanceof ApiError && err.status === 429)
    return 'Too many sign-ins from this network just now. Wait a minute, then reload the page or sign in.';
  return 'The case manager could not be reached to resume your session. Check the connection, then reload the page or sign in.';
}

function toUser(u: any): SessionUser {
  return { id: u.id, email: u.email, displayName: u.displayName, roles: u.roles ?? [] };
}

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, () => state);
}

export function hasRole(user: SessionUser | null, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}
