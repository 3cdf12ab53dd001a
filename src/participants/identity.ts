/**
 * How the same person is recognised across registrations (PRODUCT.md "Participants and
 * referrals"): the last name's confusable skeleton (Unicode TS #39, compact: see CONFUSABLES),
 * plus date of birth, plus the state ID number when both records have one. Pure: unit-tested in
 * isolation.
 */

/**
 * Characters refused in names (400): C0/C1 controls and the bidirectional formatting characters
 * that reorder what a reader sees ("Smith\u202e" displays differently from what it is).
 */
const FORBIDDEN_IN_NAMES = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Invisible characters (zero-width space and joiners, soft hyphen, variation selectors, …). */
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

export const hasForbiddenNameCharacters = (value: string): boolean =>
  FORBIDDEN_IN_NAMES.test(value);

/**
 * The form a name is stored in: NFKC (fullwidth and compatibility letters become ordinary ones),
 * without default-ignorable characters, trimmed. A value holding refused characters is returned
 * as it is, so that validation names it instead of it being silently changed.
 */
export function normalizeName(value: string): string {
  if (hasForbiddenNameCharacters(value)) return value;
  return value.normalize('NFKC').replace(DEFAULT_IGNORABLE, '').trim();
}

/**
 * Letters of other scripts (and Latin letters without a decomposition) that are drawn like a
 * Latin letter, from Unicode's confusables.txt: capitals before case folding (Greek Η is H, its
 * small η is n), then small letters. Fullwidth, mathematical and other compatibility forms are
 * already plain Latin after NFKC. Compact by design: Latin look-alikes in the scripts a name typed
 * in Kansas City plausibly mixes (Cyrillic, Greek, IPA/Latin extensions), not all of Unicode.
 */
const CONFUSABLE_CAPITALS: Record<string, string> = {
  // Cyrillic
  А: 'A',
  В: 'B',
  Е: 'E',
  З: '3',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Ү: 'Y',
  Һ: 'H',
  Ԁ: 'D',
  Ԛ: 'Q',
  Ԝ: 'W',
  Ӏ: 'l',
  // Greek
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  Ϲ: 'C',
  Ϳ: 'J',
};

const CONFUSABLE_SMALL: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  з: '3',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ү: 'y',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ь: 'b',
  ѵ: 'v',
  ԍ: 'g',
  ɡ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  σ: 'o',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  // Latin letters that do not decompose to a base letter
  ı: 'i',
  ȷ: 'j',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ŧ: 't',
  ɑ: 'a',
  ɩ: 'i',
  ʋ: 'u',
  ƅ: 'b',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
};

/** Spaces, hyphens and apostrophes do not tell two people apart: "O'Brien-Smith" = "obriensmith". */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212'\u2018\u2019\u02bc`´]/gu;

const mapEach = (s: string, table: Record<string, string>) =>
  Array.from(s, (ch) => table[ch] ?? ch).join('');

/**
 * The confusable skeleton of a name: look-alikes of any script collide, case, accents,
 * invisible characters and separators never count. "Ѕmith" (Cyrillic S), "Ｓｍｉｔｈ", "Smi\u200bth"
 * → "smith".
 */
export function nameSkeleton(name: string): string {
  const plain = name
    .normalize('NFKC')
    .replace(DEFAULT_IGNORABLE, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  return mapEach(mapEach(plain, CONFUSABLE_CAPITALS).toLowerCase(), CONFUSABLE_SMALL)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(SEPARATORS, '');
}

/** "O'Brien-Núñez" → "obriennunez"; the identity key stored with each participant. */
export function lastNameKey(lastName: string): string {
  return nameSkeleton(lastName);
}

/** " mo-123 456 " → "MO123456" (fullwidth and invisible characters count as their plain forms). */
export function stateIdKey(stateId: string): string {
  return stateId
    .normalize('NFKC')
    .replace(DEFAULT_IGNORABLE, '')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015]/g, '');
}

/** Case numbers and jurisdictions compare without case or surrounding/double spaces. */
export function caseKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toUpperCase();
}

/**
 * Damerau-Levenshtein distance in its optimal-string-alignment form: the fewest insertions,
 * deletions, substitutions and swaps of two adjacent letters that turn `a` into `b` (no
 * substring edited twice). "Jonhson" → "Johnson" is 1, "Fitsgerold" → "Fitzgerald" 2. Counts
 * code points, not UTF-16 units.
 */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const n = s.length;
  const m = t.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // d[i][j]: distance of s[0..i) and t[0..j); three rows are enough.
  let before = new Array<number>(m + 1).fill(0);
  let previous = Array.from({ length: m + 1 }, (_, j) => j);
  let current = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    current[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, before[j - 2] + 1);
      }
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[m];
}

/** Names of at most this many letters (skeleton) allow one edit; longer ones two. */
export const SHORT_NAME_LENGTH = 5;

/**
 * Whether two names (already skeletons) are a small edit apart: at most 1 when the shorter has
 * up to SHORT_NAME_LENGTH letters, at most 2 otherwise.
 */
export function isCloseSkeleton(a: string, b: string): boolean {
  const shorter = Math.min(Array.from(a).length, Array.from(b).length);
  const allowed = shorter <= SHORT_NAME_LENGTH ? 1 : 2;
  // Lengths further apart than the allowance cannot be close: skip the table.
  if (Math.abs(Array.from(a).length - Array.from(b).length) > allowed) return false;
  return editDistance(a, b) <= allowed;
}

/**
 * A possible duplicate (PRODUCT.md, issue 29): with the same date of birth (the caller's query),
 * the last names' and the first names' confusable skeletons are each a small edit apart
 * (isCloseSkeleton). The same skeleton counts as close: an exact match that the identity rule
 * lets through (two different state IDs) is still worth a second look.
 */
export function isPossibleDuplicate(
  a: { firstName: string; lastName: string },
  b: { firstName: string; lastName: string },
): boolean {
  return (
    isCloseSkeleton(nameSkeleton(a.lastName), nameSkeleton(b.lastName)) &&
    isCloseSkeleton(nameSkeleton(a.firstName), nameSkeleton(b.firstName))
  );
}
