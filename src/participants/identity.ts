/**
 * How the same person is recognised across registrations (PRODUCT.md "Participants and
 * referrals"): last name without case, accents, spaces, hyphens or apostrophes, plus date of
 * birth, plus the state ID number when both records have one. Pure: unit-tested in isolation.
 */

/** "O'Brien-Núñez" → "obriennunez". */
export function lastNameKey(lastName: string): string {
  return lastName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015'\u2019`´]/g, '');
}

/** " mo-123 456 " → "MO123456". */
export function stateIdKey(stateId: string): string {
  return stateId.toUpperCase().replace(/[\s\-\u2010-\u2015]/g, '');
}

/** Case numbers and jurisdictions compare without case or surrounding/double spaces. */
export function caseKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toUpperCase();
}
