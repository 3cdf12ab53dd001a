/**
 * The courts of Kansas City that refer to the two programs, created with the list (migration
 * Courts) so that a fresh install takes referrals at once; an ADMIN adds any other.
 */
export const SEEDED_COURTS: readonly { code: string; name: string }[] = [
  { code: 'KC-MUNICIPAL', name: 'Kansas City Municipal Court' },
  { code: 'JACKSON-CIRCUIT', name: 'Jackson County Circuit Court' },
];

/** A court's code: capital letters, digits and hyphens, 1 to 40, starting with a letter or digit. */
export const COURT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

/**
 * A code made from a court's name, for the courts the migration makes of free-text values:
 * "Clay County Circuit Court" → "CLAY-COUNTY-CIRCUIT-COURT" (accents dropped, anything else a
 * hyphen, at most 40 characters); "COURT" when nothing is left.
 */
export function courtCodeFromName(name: string): string {
  const code = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return code || 'COURT';
}
