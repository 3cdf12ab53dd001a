import { StaffRole } from '../../src/common/roles';

/**
 * API.md's access matrix as data: every route with the roles that may call it. 'PUBLIC' needs no
 * token, 'ANY' any authenticated staff member. Keys are `METHOD path` exactly as the OpenAPI
 * document shows them. `area` groups the routes one feature ships together: once any route of
 * an area is served, all of the area's routes must be.
 */
export type Access = 'PUBLIC' | 'ANY' | readonly StaffRole[];

export interface MatrixEntry {
  access: Access;
  area: string;
  /** Served outside the OpenAPI document (Swagger UI and the document itself). */
  undocumented?: boolean;
  /** The route is about the caller's own record: use their own id for `{id}`. */
  selfId?: boolean;
  /** The route ends every session of the caller: call it as a staff member of its own. */
  endsSessions?: boolean;
  /** Public but signed (the SMS gateway's webhooks): unsigned calls answer 403 FORBIDDEN. */
  signed?: boolean;
}

export const ALL_ROLES: readonly StaffRole[] = [
  'ADMIN',
  'INTAKE',
  'FACILITATOR',
  'FINANCE',
  'SUPERVISOR',
  'AUDITOR',
];

const INTAKE_SUP = ['INTAKE', 'SUPERVISOR'] as const;
const INTAKE_READERS = ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR'] as const;
const FINANCE_READERS = ['FINANCE', 'SUPERVISOR', 'AUDITOR'] as const;

const P = '/api/v1';

export const PERMISSION_MATRIX: Record<string, MatrixEntry> = {
  // Operations
  'GET /health': { access: 'PUBLIC', area: 'health' },
  'GET /health/ready': { access: 'PUBLIC', area: 'health' },
  'GET /docs': { access: 'PUBLIC', area: 'docs', undocumented: true },
  'GET /docs-json': { access: 'PUBLIC', area: 'docs', undocumented: true },

  // Auth and staff
  [`POST ${P}/auth/login`]: { access: 'PUBLIC', area: 'auth' },
  [`POST ${P}/auth/refresh`]: { access: 'PUBLIC', area: 'auth' },
  [`POST ${P}/auth/logout`]: { access: 'ANY', area: 'auth' },
  [`POST ${P}/auth/logout-all`]: { access: 'ANY', area: 'auth', endsSessions: true },
  [`GET ${P}/auth/me`]: { access: 'ANY', area: 'auth' },
  [`POST ${P}/staff`]: { access: ['ADMIN'], area: 'staff' },
  [`GET ${P}/staff`]: { access: ['ADMIN'], area: 'staff' },
  [`GET ${P}/staff/directory`]: { access: 'ANY', area: 'staff' },
  [`GET ${P}/staff/{id}`]: { access: ['ADMIN'], area: 'staff' },
  [`PATCH ${P}/staff/{id}`]: { access: ['ADMIN'], area: 'staff' },
  [`POST ${P}/staff/{id}/unlock`]: { access: ['ADMIN'], area: 'staff' },
  // Open to every role; the service restricts non-admins to their own id.
  [`POST ${P}/staff/{id}/password`]: { access: ALL_ROLES, area: 'staff', selfId: true },

  // Programs
  [`GET ${P}/programs`]: { access: 'ANY', area: 'programs' },
  [`PATCH ${P}/programs/{id}`]: { access: ['ADMIN'], area: 'programs' },

  // Courts: the list a referral's jurisdiction names
  [`GET ${P}/courts`]: { access: 'ANY', area: 'courts' },
  [`POST ${P}/courts`]: { access: ['ADMIN'], area: 'courts' },
  [`PATCH ${P}/courts/{id}`]: { access: ['ADMIN'], area: 'courts' },

  // Participants, referrals, eligibility
  [`POST ${P}/participants`]: { access: INTAKE_SUP, area: 'participants' },
  [`GET ${P}/participants`]: { access: INTAKE_READERS, area: 'participants' },
  [`GET ${P}/participants/{id}`]: { access: INTAKE_READERS, area: 'participants' },
  [`PATCH ${P}/participants/{id}`]: { access: INTAKE_SUP, area: 'participants' },
  [`GET ${P}/participants/{id}/referrals`]: { access: INTAKE_READERS, area: 'referrals' },
  [`POST ${P}/referrals`]: { access: INTAKE_SUP, area: 'referrals' },
  [`GET ${P}/referrals`]: { access: INTAKE_READERS, area: 'referrals' },
  [`GET ${P}/referrals/{id}`]: { access: INTAKE_READERS, area: 'referrals' },
  [`PATCH ${P}/referrals/{id}`]: { access: INTAKE_SUP, area: 'referrals' },
  [`POST ${P}/referrals/{id}/eligibility-checks`]: { access: INTAKE_SUP, area: 'referrals' },
  [`GET ${P}/referrals/{id}/eligibility-checks`]: {
    access: ['INTAKE', 'SUPERVISOR', 'AUDITOR'],
    area: 'referrals',
  },

  // Enrollments
  [`POST ${P}/enrollments`]: { access: INTAKE_SUP, area: 'enrollments' },
  [`GET ${P}/enrollments`]: { access: INTAKE_READERS, area: 'enrollments' },
  [`GET ${P}/enrollments/{id}`]: {
    access: ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR', 'FACILITATOR'],
    area: 'enrollments',
  },
  [`POST ${P}/enrollments/{id}/transitions`]: { access: INTAKE_SUP, area: 'enrollments' },
  [`GET ${P}/enrollments/{id}/seats`]: {
    access: ['INTAKE', 'SUPERVISOR', 'FACILITATOR', 'FINANCE', 'AUDITOR'],
    area: 'sessions',
  },
  [`GET ${P}/enrollments/{id}/completion-notice.pdf`]: {
    access: ['INTAKE', 'SUPERVISOR', 'AUDITOR'],
    area: 'completion-notice',
  },

  // Sessions and attendance
  [`POST ${P}/sessions`]: { access: ['SUPERVISOR', 'INTAKE'], area: 'sessions' },
  [`GET ${P}/sessions`]: { access: 'ANY', area: 'sessions' },
  [`GET ${P}/sessions/{id}`]: { access: 'ANY', area: 'sessions' },
  [`PATCH ${P}/sessions/{id}`]: { access: ['SUPERVISOR'], area: 'sessions' },
  [`POST ${P}/sessions/{id}/cancel`]: { access: ['SUPERVISOR'], area: 'sessions' },
  [`POST ${P}/sessions/{id}/seats`]: { access: INTAKE_SUP, area: 'sessions' },
  [`DELETE ${P}/sessions/{id}/seats/{enrollmentId}`]: { access: INTAKE_SUP, area: 'sessions' },
  [`GET ${P}/sessions/{id}/roster`]: {
    access: ['FACILITATOR', 'INTAKE', 'SUPERVISOR'],
    area: 'sessions',
  },
  [`PUT ${P}/sessions/{id}/attendance`]: {
    access: ['FACILITATOR', 'SUPERVISOR'],
    area: 'sessions',
  },
  [`GET ${P}/sessions/{id}/attendance/history`]: {
    access: ['SUPERVISOR', 'AUDITOR'],
    area: 'sessions',
  },

  // Ledger
  [`GET ${P}/enrollments/{id}/ledger`]: {
    access: ['FINANCE', 'SUPERVISOR', 'AUDITOR', 'INTAKE'],
    area: 'ledger',
  },
  [`POST ${P}/enrollments/{id}/payments`]: { access: ['FINANCE'], area: 'ledger' },
  [`GET ${P}/ledger-entries`]: { access: FINANCE_READERS, area: 'ledger' },
  [`GET ${P}/ledger-entries/{id}/receipt.pdf`]: { access: FINANCE_READERS, area: 'ledger' },
  [`POST ${P}/enrollments/{id}/refunds`]: { access: ['FINANCE'], area: 'ledger' },
  // FINANCE may ask for a FEE or WAIVER reversal; the service keeps PAYMENT and REFUND
  // reversals a SUPERVISOR's (403 FORBIDDEN for FINANCE alone).
  [`POST ${P}/ledger-entries/{id}/reversal`]: { access: ['SUPERVISOR', 'FINANCE'], area: 'ledger' },
  [`POST ${P}/enrollments/{id}/waiver-requests`]: {
    access: ['FINANCE', 'INTAKE'],
    area: 'waivers',
  },
  [`GET ${P}/waiver-requests`]: { access: FINANCE_READERS, area: 'waivers' },
  [`POST ${P}/waiver-requests/{id}/approve`]: { access: ['SUPERVISOR'], area: 'waivers' },
  [`POST ${P}/waiver-requests/{id}/reject`]: { access: ['SUPERVISOR'], area: 'waivers' },
  [`GET ${P}/reversal-requests`]: { access: FINANCE_READERS, area: 'reversals' },
  [`POST ${P}/reversal-requests/{id}/approve`]: { access: ['SUPERVISOR'], area: 'reversals' },
  [`POST ${P}/reversal-requests/{id}/reject`]: { access: ['SUPERVISOR'], area: 'reversals' },

  // Remittances
  [`POST ${P}/remittances`]: { access: ['FINANCE'], area: 'remittances' },
  [`GET ${P}/remittances`]: { access: FINANCE_READERS, area: 'remittances' },
  [`GET ${P}/remittances/{id}`]: { access: FINANCE_READERS, area: 'remittances' },
  [`POST ${P}/remittances/{id}/send`]: { access: ['FINANCE'], area: 'remittances' },
  [`POST ${P}/remittances/{id}/void`]: { access: ['FINANCE', 'SUPERVISOR'], area: 'remittances' },
  [`GET ${P}/remittances/{id}/statement.csv`]: { access: FINANCE_READERS, area: 'remittances' },
  [`GET ${P}/remittances/{id}/statement.pdf`]: { access: FINANCE_READERS, area: 'remittances' },

  // Reports
  [`GET ${P}/reports/fees`]: { access: FINANCE_READERS, area: 'reports' },
  [`GET ${P}/reports/balances`]: { access: FINANCE_READERS, area: 'reports' },
  [`GET ${P}/reports/outcomes`]: { access: ['INTAKE', 'SUPERVISOR', 'AUDITOR'], area: 'reports' },

  // Follow-up after exit
  [`GET ${P}/follow-ups`]: { access: INTAKE_SUP, area: 'follow-up' },
  [`POST ${P}/enrollments/{id}/follow-ups`]: { access: INTAKE_SUP, area: 'follow-up' },
  [`GET ${P}/reports/follow-up`]: {
    access: ['INTAKE', 'SUPERVISOR', 'AUDITOR'],
    area: 'follow-up',
  },

  // Records after exit: the court's disposition and expungement orders
  [`POST ${P}/referrals/{id}/dispositions`]: { access: INTAKE_SUP, area: 'dispositions' },
  [`GET ${P}/referrals/{id}/dispositions`]: {
    access: ['INTAKE', 'SUPERVISOR', 'AUDITOR'],
    area: 'dispositions',
  },
  [`POST ${P}/referrals/{id}/expungement`]: { access: ['SUPERVISOR'], area: 'dispositions' },

  // Audit
  // Unfiltered, as the sweep calls it. SUPERVISOR may read one record's history (entityType and
  // entityId both given): tested on its own in permission-matrix.e2e-spec.ts.
  [`GET ${P}/audit-events`]: { access: ['AUDITOR', 'ADMIN'], area: 'audit' },

  // Closed records: each opening of one (who, when, which record, why)
  [`GET ${P}/disclosures`]: { access: ['AUDITOR'], area: 'disclosures' },

  // The staff console's home page
  [`GET ${P}/work-queue`]: { access: 'ANY', area: 'work-queue' },

  // Contact and reminders
  [`POST ${P}/participants/{id}/consents`]: { access: INTAKE_SUP, area: 'reminders' },
  [`GET ${P}/participants/{id}/consents`]: {
    access: ['INTAKE', 'SUPERVISOR', 'FINANCE'],
    area: 'reminders',
  },
  [`GET ${P}/participants/{id}/messages`]: {
    access: ['INTAKE', 'SUPERVISOR', 'FINANCE'],
    area: 'reminders',
  },
  [`GET ${P}/messages`]: { access: ['SUPERVISOR'], area: 'reminders' },
  [`POST ${P}/messages/{id}/retry`]: { access: ['SUPERVISOR'], area: 'reminders' },
  [`POST ${P}/webhooks/sms/inbound`]: { access: 'PUBLIC', area: 'reminders', signed: true },
  [`POST ${P}/webhooks/sms/status`]: { access: 'PUBLIC', area: 'reminders', signed: true },
  'GET /unsubscribe': { access: 'PUBLIC', area: 'reminders' },
  'POST /unsubscribe': { access: 'PUBLIC', area: 'reminders' },
};

/** Whether `role` (or no token, when role is undefined) may call a route with this access. */
export function allows(access: Access, role: StaffRole | undefined): boolean {
  if (access === 'PUBLIC') return true;
  if (role === undefined) return false;
  if (access === 'ANY') return true;
  return access.includes(role);
}

/** Health routes may exist without a matrix entry; every other served route needs one. */
export const exemptFromMatrix = (key: string) => /^GET \/health(\/|$)/.test(key);
