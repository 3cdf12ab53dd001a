/**
 * The words people read for the API's codes, as the staff console shows them: CSV exports and
 * PDFs use these so that a file says what the screen says. Codes travel beside them where a
 * machine needs them.
 */
export const PROGRAM_LABELS: Record<string, string> = {
  JOHNZ_SCHOOL: 'Johnz School',
  OAR: 'The OAR Program',
};

export const METHOD_LABELS: Record<string, string> = {
  CASH: 'Cash',
  CHECK: 'Check',
  MONEY_ORDER: 'Money order',
  CARD: 'Card',
};

/** A fee report row grouped by method that has none: fees and waivers. */
export const NO_METHOD_LABEL = 'No method (fees, waivers)';

export const ENROLLMENT_STATUS_LABELS: Record<string, string> = {
  ACTIVE: 'Active',
  COMPLETED: 'Completed',
  TERMINATED: 'Terminated',
  WITHDRAWN: 'Withdrawn',
};

export const AGING_BUCKET_LABELS: Record<string, string> = {
  '0-30': '0–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

export const INELIGIBILITY_REASON_LABELS: Record<string, string> = {
  CHARGE_NOT_ELIGIBLE: 'Charge not eligible',
  MINOR_INVOLVED: 'A minor was involved',
  MINOR_STATUS_UNVERIFIED: 'Minor involvement unknown',
  PARTICIPANT_NOT_ADULT: 'Under 18 at the offense',
  PRIOR_CONVICTION: 'Prior conviction',
  PRIOR_DIVERSION: 'Earlier diversion',
  PENDING_CHARGE: 'Similar charge pending',
  REGISTERED_SEX_OFFENDER: 'Registered sex offender',
  TRAFFICKING_CHARGE: 'Trafficking charge',
};

/** The outcomes report's groups that are not a program. */
export const OUTCOME_GROUP_LABELS: Record<string, string> = {
  ...PROGRAM_LABELS,
  UNASSIGNED: 'Eligible or not checked, never enrolled',
  INELIGIBLE: 'Not eligible',
};

export const BATCH_STATUS_LABELS: Record<string, string> = {
  DRAFT: 'Draft, not sent',
  SENT: 'Sent',
  VOIDED: 'Voided',
};

/** A remittance item's kind as the statement names it (a reversal says what it reverses). */
export const STATEMENT_KIND_LABELS: Record<string, string> = {
  PAYMENT: 'Payment',
  REFUND: 'Refund',
  REVERSAL_OF_PAYMENT: 'Reversal of a payment',
  REVERSAL_OF_REFUND: 'Reversal of a refund',
  REVERSAL: 'Reversal',
};

/** The label of a code, or the code itself when it has none (never an empty cell). */
export const labelOf = (labels: Record<string, string>, code: string | null | undefined): string =>
  code ? (labels[code] ?? code) : '';
