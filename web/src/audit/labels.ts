import { formatDate } from '../api/dates';
import { ACCESS_REASON_LABELS, DISPOSITION_LABELS, wordsFor } from '../records/api';

/** Plain words for the audit trail's action and record codes (the codes are shown too). */

export const ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'auth.refresh': 'Session renewed',
  'participant.create': 'Registered a participant',
  'participant.update': 'Changed a participant',
  'participant.view': 'Opened a participant record',
  'referral.create': 'Added a referral',
  'referral.update': 'Changed a referral',
  'referral.view': 'Opened a referral',
  'eligibility.check': 'Ran an eligibility check',
  'enrollment.create': 'Enrolled a participant',
  'enrollment.transition': 'Completed, withdrew or terminated an enrollment',
  'enrollment.view': 'Opened an enrollment',
  'ledger.view': 'Opened a ledger',
  'ledger.payment.record': 'Recorded a payment',
  'ledger.payment.record.replayed': 'Payment sent again (not recorded twice)',
  'ledger.refund.record': 'Recorded a refund',
  'ledger.refund.record.replayed': 'Refund sent again (not recorded twice)',
  'ledger.reversal.record': 'Reversed a ledger entry',
  'waiver.request': 'Requested a waiver',
  'waiver.approve': 'Approved a waiver',
  'waiver.reject': 'Rejected a waiver',
  'session.create': 'Scheduled a session',
  'session.cancel': 'Cancelled a session',
  'session.seat': 'Gave a seat',
  'session.unseat': 'Removed a seat',
  'session.attendance': 'Recorded attendance',
  'remittance.create': 'Prepared a remittance batch',
  'remittance.send': 'Marked a remittance batch as sent',
  'remittance.void': 'Voided a remittance batch',
  'staff.create': 'Added a staff member',
  'staff.update': 'Changed a staff account',
  'staff.password.change': 'Changed a password',
  'staff.unlock': 'Unlocked a sign-in',
  'program.update': 'Changed a program',
  'referral.disposition': 'Recorded the court’s decision',
  'referral.dispositions.view': 'Read the court’s decisions',
  'referral.expungement': 'Recorded an expungement order',
  'closed_record.view': 'Refused to open a closed record',
};

export const ENTITY_LABELS: Record<string, string> = {
  participant: 'Participant',
  referral: 'Referral',
  eligibility_check: 'Eligibility check',
  enrollment: 'Enrollment',
  ledger_entry: 'Ledger entry',
  waiver_request: 'Waiver request',
  class_session: 'Session',
  remittance_batch: 'Remittance batch',
  staff: 'Staff account',
  program: 'Program',
  refresh_token: 'Sign-in session',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export function entityLabel(type: string | null | undefined): string {
  if (!type) return '—';
  return ENTITY_LABELS[type] ?? type;
}

export interface RecordTarget {
  to: string;
  params: Record<string, string>;
  search?: Record<string, string>;
  /** The link's words: where it goes. */
  text: string;
}

/**
 * Where an event's record is seen in the console. Records without their own page go through
 * /records/… which looks up the page they belong to (an enrollment's participant, the ledger
 * of an entry) only when the link is followed.
 */
export function recordTarget(e: {
  entityType: string | null;
  entityId: string | null;
  action: string;
  at: string;
}): RecordTarget | null {
  const id = e.entityId;
  if (!id || !e.entityType) return null;
  switch (e.entityType) {
    case 'participant':
      return {
        to: '/participants/$participantId',
        params: { participantId: id },
        text: 'Participant record',
      };
    case 'referral':
      return { to: '/referrals/$referralId', params: { referralId: id }, text: 'Referral' };
    case 'class_session':
      return { to: '/sessions/$sessionId', params: { sessionId: id }, text: 'Session' };
    case 'remittance_batch':
      return {
        to: '/remittances/$remittanceId',
        params: { remittanceId: id },
        text: 'Remittance batch',
      };
    case 'staff':
      return { to: '/admin/staff/$staffId', params: { staffId: id }, text: 'Staff account' };
    case 'program':
      return { to: '/admin/programs', params: {}, text: 'Programs' };
    case 'enrollment':
      return {
        to: '/records/$entityType/$entityId',
        params: { entityType: 'enrollment', entityId: id },
        search: { tab: e.action === 'ledger.view' ? 'ledger' : 'enrollment' },
        text: e.action === 'ledger.view' ? 'Ledger' : 'Enrollment',
      };
    case 'ledger_entry':
      return {
        to: '/records/$entityType/$entityId',
        params: { entityType: 'ledger_entry', entityId: id },
        search: { tab: 'ledger', at: e.at, kind: entryKindOf(e.action) ?? '' },
        text: 'Ledger',
      };
    case 'waiver_request':
      return {
        to: '/records/$entityType/$entityId',
        params: { entityType: 'waiver_request', entityId: id },
        search: { tab: 'ledger' },
        text: 'Ledger',
      };
    default:
      return null;
  }
}

/** The kind of ledger entry an action wrote, to narrow the search for it. */
export function entryKindOf(action: string): string | undefined {
  if (action.startsWith('ledger.payment.')) return 'PAYMENT';
  if (action.startsWith('ledger.refund.')) return 'REFUND';
  if (action.startsWith('ledger.reversal.')) return 'REVERSAL';
  return undefined;
}

const FIELD_LABELS: Record<string, string> = {
  roles: 'Roles',
  active: 'Active',
  feeCents: 'Fee',
  requiredSessions: 'Sessions required',
  completionWindowDays: 'Completion window (days)',
  facilitatorId: 'Facilitator',
  programCode: 'Program',
  name: 'Name',
  disposition: 'Decision',
  decidedOn: 'Decided on',
  orderedOn: 'Ordered on',
  reason: 'Reason',
};

/** Ids in details that say nothing to a reader (the record's own id is in the Record column). */
const HIDDEN_DETAILS = new Set(['dispositionId']);

function detailValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map((x) => detailValue(key, x)).join(', ') || '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number' && /Cents$/.test(key)) {
    const abs = Math.abs(v);
    return `${v < 0 ? '−' : ''}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  if (key === 'disposition') return wordsFor(DISPOSITION_LABELS, String(v));
  if (key === 'reason') return wordsFor(ACCESS_REASON_LABELS, String(v));
  if (/On$/.test(key)) return formatDate(String(v));
  return String(v);
}

/**
 * What an event's `details` say changed, one line each: `Roles: FINANCE → FINANCE, AUDITOR`.
 * The API keeps ids, codes, flags and amounts only, never personal data.
 */
export function describeDetails(details: Record<string, unknown> | null | undefined): string[] {
  if (!details) return [];
  return Object.entries(details)
    .filter(([key]) => !HIDDEN_DETAILS.has(key))
    .map(([key, v]) => {
      const label = FIELD_LABELS[key] ?? key;
      if (v && typeof v === 'object' && !Array.isArray(v) && ('from' in v || 'to' in v)) {
        const change = v as { from?: unknown; to?: unknown };
        return `${label}: ${detailValue(key, change.from)} → ${detailValue(key, change.to)}`;
      }
      return `${label}: ${detailValue(key, v)}`;
    });
}
