import { ApiError } from '../api/problem';
import { signInProblem } from './sign-in-problem';

describe('signInProblem', () => {
  it('says how long to wait from the answer’s retryAfterSeconds, in minutes', () => {
    const limited = (retryAfterSeconds?: number) =>
      new ApiError({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds });
    expect(signInProblem(limited(840))).toBe(
      'Too many failed sign-ins from this computer. Try again in 14 minutes.',
    );
    expect(signInProblem(limited(20))).toBe(
      'Too many failed sign-ins from this computer. Try again in 1 minute.',
    );
    expect(signInProblem(limited())).toBe(
      'Too many failed sign-ins from this computer. Wait a few minutes, then try again.',
    );
  });

  it('never says whether the email exists', () => {
    expect(signInProblem(new ApiError({ status: 401, code: 'UNAUTHORIZED' }))).toBe(
      'Email or password is wrong.',
    );
  });
});
