import type { AccessReason } from '../api/access-reason';
import type { Schemas } from '../api/client';

export type Disposition = Schemas['DispositionDto']['disposition'];
export type RecordStatus = Schemas['ReferralSummaryDto']['recordStatus'];

/** The court's dispositions in words, in the API's order (the first four close the record). */
export const DISPOSITION_LABELS: Record<Disposition, string> = {
  DISMISSED: 'Dismissed',
  NOLLE_PROSEQUI: 'Nolle prosequi (the prosecutor dropped the charge)',
  ACQUITTED: 'Acquitted',
  SIS_COMPLETED: 'Suspended imposition of sentence, completed',
  CONVICTED: 'Convicted',
  OTHER: 'Another decision',
};

/** The dispositions that close a referral's record (RSMo 610.105). */
export const CLOSING_DISPOSITIONS: ReadonlySet<Disposition> = new Set([
  'DISMISSED',
  'NOLLE_PROSEQUI',
  'ACQUITTED',
  'SIS_COMPLETED',
]);

/** A record's status in words (a referral's, a participant's). */
export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
  OPEN: 'Open',
  CLOSED: 'Closed by the court’s decision',
  EXPUNGED: 'Expunged by court order',
  PSEUDONYMIZED: 'Closed, the person’s details erased after the retention period',
};

/** A record's status in a word, where a table has room for one. */
export const RECORD_STATUS_SHORT: Record<RecordStatus, string> = {
  OPEN: 'Open',
  CLOSED: 'Closed',
  EXPUNGED: 'Expunged',
  PSEUDONYMIZED: 'Erased',
};

/** Why a closed record is opened, in words (the radio buttons of "Why are you opening it?"). */
export const ACCESS_REASON_LABELS: Record<AccessReason, string> = {
  COURT_ORDER: 'A court order',
  PROSECUTOR_REQUEST: 'The prosecutor’s request',
  PARTICIPANT_REQUEST: 'The participant’s own request',
  AUDIT: 'An audit',
  FOLLOW_UP: 'A follow-up check',
};

export type DisclosedEntity = 'PARTICIPANT' | 'REFERRAL' | 'ENROLLMENT' | 'LEDGER_ENTRY';

/** What was opened, in words. */
export const DISCLOSED_ENTITY_LABELS: Record<DisclosedEntity, string> = {
  PARTICIPANT: 'Participant record',
  REFERRAL: 'Referral',
  ENROLLMENT: 'Enrollment',
  LEDGER_ENTRY: 'Ledger entry',
};

/** A code in words, or the code itself when the console does not know it yet. */
export function wordsFor<K extends string>(labels: Record<K, string>, code: string): string {
  return (labels as Record<string, string>)[code] ?? code;
}
