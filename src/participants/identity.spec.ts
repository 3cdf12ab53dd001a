import { caseKey, lastNameKey, stateIdKey } from './identity';

describe('participant identity keys', () => {
  it.each([
    ['Núñez', 'nunez'],
    ['NUNEZ', 'nunez'],
    ["O'Brien-Smith", 'obriensmith'],
    ['O’Brien Smith', 'obriensmith'],
    ['van der Berg', 'vanderberg'],
    ['Müller', 'muller'],
    ['Ångström', 'angstrom'],
  ])('last name %p → %p', (input, key) => {
    expect(lastNameKey(input)).toBe(key);
  });

  it('state ids ignore case, spaces and hyphens', () => {
    expect(stateIdKey(' mo-123 456 ')).toBe('MO123456');
    expect(stateIdKey('MO123456')).toBe('MO123456');
  });

  it('case keys ignore case and extra spaces', () => {
    expect(caseKey('  cr-2026  001 ')).toBe('CR-2026 001');
  });
});
