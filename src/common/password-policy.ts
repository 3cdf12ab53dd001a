import { COMMON_PASSWORDS } from './common-passwords';

/** Length of a password in characters (code points), as NIST SP 800-63B counts it. */
export const PASSWORD_RULE = { min: 12, max: 128 };

let common: Set<string> | undefined;
const commonPasswords = (): Set<string> =>
  (common ??= new Set(COMMON_PASSWORDS.split('\n').filter((p) => p.length > 0)));

/**
 * What is wrong with a new password for the account `email` (NIST SP 800-63B 5.1.1.2), or
 * undefined: 12 to 128 characters, not one of the 10,000 most common passwords (compared without
 * case), and not containing the email's local part (without case; local parts shorter than three
 * characters are not checked, they would refuse half the dictionary). No composition rules.
 * Used by staff creation, password changes, the bootstrap ADMIN and `create-admin`.
 */
export function passwordProblem(password: string, email: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_RULE.min || length > PASSWORD_RULE.max) {
    return `must be ${PASSWORD_RULE.min} to ${PASSWORD_RULE.max} characters long`;
  }
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) {
    return 'is one of the 10,000 most common passwords; choose another';
  }
  const local = email.trim().toLowerCase().split('@')[0] ?? '';
  if (local.length >= 3 && lower.includes(local)) {
    return 'must not contain the part of the email address before the @';
  }
  return undefined;
}
