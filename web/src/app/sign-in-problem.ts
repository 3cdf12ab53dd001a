import { formatTimestamp } from '../api/dates';
import { ApiError } from '../api/problem';

/** Messages for a refused sign-in: never says whether the email exists. */
export function signInProblem(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.code === 'ACCOUNT_LOCKED') {
    const until = typeof err.problem.lockedUntil === 'string' ? err.problem.lockedUntil : undefined;
    return until
      ? `This account is locked after too many wrong passwords. Try again after ${formatTimestamp(until)}, or ask an administrator.`
      : 'This account is locked after too many wrong passwords. Try again in 15 minutes, or ask an administrator.';
  }
  if (err.code === 'RATE_LIMITED') {
    // The limit counts failed sign-ins over a window (15 minutes by default): say how long.
    const seconds = err.problem.retryAfterSeconds;
    const minutes = typeof seconds === 'number' ? Math.max(1, Math.ceil(seconds / 60)) : null;
    return minutes === null
      ? 'Too many failed sign-ins from this computer. Wait a few minutes, then try again.'
      : `Too many failed sign-ins from this computer. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  if (err.status === 401) return 'Email or password is wrong.';
  return undefined;
}
