import { COMMON_PASSWORDS } from './common-passwords';
import { passwordProblem } from './password-policy';

describe('passwordProblem (NIST SP 800-63B)', () => {
  it('ships exactly 10,000 distinct lower-case passwords, most common first', () => {
    const list = COMMON_PASSWORDS.split('\n').filter((p) => p.length > 0);
    expect(list).toHaveLength(10_000);
    expect(new Set(list).size).toBe(10_000);
    expect(list.slice(0, 3)).toEqual(['123456', 'password', '12345678']);
    expect(list.every((p) => p === p.toLowerCase())).toBe(true);
  });

  it('wants 12 to 128 characters, counted as characters', () => {
    expect(passwordProblem('eleven-char', 'x@test.example')).toMatch(/12 to 128/);
    expect(passwordProblem('twelve-chars', 'x@test.example')).toBeUndefined();
    expect(passwordProblem('x'.repeat(129), 'x@test.example')).toMatch(/12 to 128/);
    // Twelve emoji are twelve characters, though 24 UTF-16 units.
    expect(passwordProblem('🐢'.repeat(12), 'x@test.example')).toBeUndefined();
  });

  it('refuses a common password whatever its case', () => {
    for (const p of ['1qaz2wsx3edc', 'QWERTY123456', 'LeaveMeAlone'])
      expect(passwordProblem(p, 'x@test.example')).toMatch(/most common/);
  });

  it('refuses a password containing the email before the @, whatever its case', () => {
    expect(passwordProblem('my-Dana.Reyes-2026', 'dana.reyes@test.example')).toMatch(
      /before the @/,
    );
    expect(passwordProblem('river-stone-lantern', 'dana.reyes@test.example')).toBeUndefined();
    // Local parts shorter than three characters are not checked.
    expect(passwordProblem('jo-river-stone', 'jo@test.example')).toBeUndefined();
  });
});
