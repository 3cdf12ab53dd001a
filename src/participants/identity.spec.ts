import {
  caseKey,
  editDistance,
  hasForbiddenNameCharacters,
  isCloseSkeleton,
  isPossibleDuplicate,
  lastNameKey,
  nameSkeleton,
  normalizeName,
  stateIdKey,
} from './identity';

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

describe('confusable skeleton of last names (UTS #39, compact)', () => {
  it.each([
    ['Smi\u200bth', 'zero-width space'],
    ['\u0405mith', 'Cyrillic capital DZE for S'],
    ['Ｓｍｉｔｈ', 'fullwidth letters'],
    ['Smi\u00adth', 'soft hyphen'],
    ['Smi\u200dth\ufe0f', 'zero-width joiner and a variation selector'],
    ['S\u043c\u0456th', 'Cyrillic small em and i'],
    ['\u03a3mith'.replace('\u03a3', 'S'), 'plain'],
    ['SMITH', 'capitals'],
    ['Smi\u0301th', 'a combining accent'],
    ['𝐒𝐦𝐢𝐭𝐡', 'mathematical bold'],
  ])('%p (%s) collides with Smith', (input) => {
    expect(lastNameKey(input)).toBe(lastNameKey('Smith'));
    expect(lastNameKey(input)).toBe('smith');
  });

  it('maps Greek and Cyrillic look-alikes to Latin, capitals before case folding', () => {
    expect(nameSkeleton('\u0391\u039d\u0394\u0395RSON'.replace('\u0394', 'D'))).toBe('anderson');
    expect(nameSkeleton('\u041ebe\u0440')).toBe('obep');
    expect(nameSkeleton('\u0397ughes')).toBe('hughes');
    expect(nameSkeleton('Garc\u0456a')).toBe('garcia');
  });

  it('still tells different names apart', () => {
    expect(lastNameKey('Smith')).not.toBe(lastNameKey('Smyth'));
    expect(lastNameKey('Jones')).not.toBe(lastNameKey('Jonas'));
  });

  it('refuses controls and bidi formatting; normalises the rest for storage', () => {
    expect(hasForbiddenNameCharacters('Smith\u202e')).toBe(true);
    expect(hasForbiddenNameCharacters('Smi\u2066th')).toBe(true);
    expect(hasForbiddenNameCharacters('Smi\tth')).toBe(true);
    expect(hasForbiddenNameCharacters('Smi\u200bth')).toBe(false);
    expect(normalizeName(' Ｓｍｉ\u200bｔｈ ')).toBe('Smith');
    expect(normalizeName('Smith\u202e')).toBe('Smith\u202e');
    expect(normalizeName('Núñez')).toBe('Núñez');
  });

  it('state ids count fullwidth and invisible characters as their plain forms', () => {
    expect(stateIdKey('ＭＯ-１２３\u200b456')).toBe('MO123456');
  });
});

describe('possible duplicates: edit distance on the skeletons', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['johnson', 'johnson', 0],
    ['johnson', 'jonson', 1],
    ['johnson', 'jonhson', 1],
    ['fitzgerald', 'fitsgerold', 2],
    ['ca', 'abc', 3],
    ['ngo', 'lo', 2],
    ['kitten', 'sitting', 3],
  ])('%p → %p is %p', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('allows one edit up to five letters and two beyond', () => {
    expect(isCloseSkeleton('ngo', 'ng')).toBe(true);
    expect(isCloseSkeleton('ngo', 'lo')).toBe(false);
    expect(isCloseSkeleton('smith', 'smyth')).toBe(true);
    expect(isCloseSkeleton('smith', 'smythe')).toBe(false);
    expect(isCloseSkeleton('fitzgerald', 'fitsgerold')).toBe(true);
    expect(isCloseSkeleton('fitzgerald', 'fitsgeroldr')).toBe(false);
  });

  it('compares both names, through their confusable skeletons', () => {
    const marcus = { firstName: 'Marcus', lastName: 'Johnson' };
    expect(isPossibleDuplicate(marcus, { firstName: 'Markus', lastName: 'Jonson' })).toBe(true);
    expect(isPossibleDuplicate(marcus, { firstName: 'Marсus', lastName: 'Jоhnsоn' })).toBe(true);
    expect(isPossibleDuplicate(marcus, { firstName: 'Evelyn', lastName: 'Johnson' })).toBe(false);
    expect(isPossibleDuplicate(marcus, { firstName: 'Marcus', lastName: 'Jameson' })).toBe(false);
  });
});
