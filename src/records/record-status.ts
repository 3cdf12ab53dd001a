/**
 * Where a record stands after the court (PRODUCT.md "After the class"). The database keeps the
 * status (`refresh_record_status`, run by triggers); the API only reads it.
 */
export const RECORD_STATUSES = ['OPEN', 'CLOSED', 'EXPUNGED', 'PSEUDONYMIZED'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** Swagger's words for a referral's status (an enrollment shows its referral's). */
export const REFERRAL_RECORD_STATUS =
  "Kept by the database: EXPUNGED with an expungement order; CLOSED when the court's latest " +
  'disposition is DISMISSED, NOLLE_PROSEQUI, ACQUITTED or SIS_COMPLETED and no enrollment of ' +
  'it is ACTIVE; PSEUDONYMIZED once retention erased the person; OPEN otherwise';

/** Swagger's words for a participant's status. */
export const PARTICIPANT_RECORD_STATUS =
  'Kept by the database: OPEN while any referral is OPEN or any enrollment ACTIVE (or with no ' +
  'referral yet); otherwise the most open of their referrals (CLOSED before EXPUNGED); ' +
  'PSEUDONYMIZED once retention erased them';
