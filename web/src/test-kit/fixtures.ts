import type { Schemas } from '../api/client';
import { addDays, chicagoToday } from '../api/dates';

// Records as the API sends them (typed from the generated schema), with plausible values; each
// takes what a test needs to differ. Dates are relative to today, in Chicago.

let serial = 0;
/** A fresh UUID-shaped id. */
export function anId(): string {
  serial += 1;
  return `10000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
}

export const today = (): string => chicagoToday();
export const daysFromToday = (days: number): string => addDays(chicagoToday(), days);
/** An ISO timestamp `days` from now (negative: in the past). */
export const timestampIn = (days: number, hours = 0): string =>
  new Date(Date.now() + (days * 24 + hours) * 3_600_000).toISOString();

export function anEnrollment(
  over: Partial<Schemas['EnrollmentDto']> = {},
): Schemas['EnrollmentDto'] {
  return {
    id: anId(),
    participantId: anId(),
    participantName: 'Pat Marsh',
    referralId: anId(),
    programCode: 'JOHNZ_SCHOOL',
    status: 'ACTIVE',
    agreementSignedOn: daysFromToday(-20),
    enrolledOn: daysFromToday(-20),
    deadline: daysFromToday(70),
    overdue: false,
    feeCents: 40_000,
    balanceCents: 40_000,
    attendedSessions: 0,
    requiredSessions: 1,
    certificateNumber: null,
    closedOn: null,
    closedReason: null,
    recordStatus: 'OPEN',
    createdAt: timestampIn(-20),
    ...over,
  };
}

export function aLedgerEntry(
  over: Partial<Schemas['LedgerEntryDto']> = {},
): Schemas['LedgerEntryDto'] {
  const amountCents = over.amountCents ?? 40_000;
  const kind = over.kind ?? 'FEE';
  return {
    id: anId(),
    enrollmentId: anId(),
    kind,
    amountCents,
    signedAmountCents: kind === 'FEE' || kind === 'REFUND' ? amountCents : -amountCents,
    createdAt: timestampIn(0),
    createdBy: anId(),
    ...over,
  };
}

/** A ledger whose fee is `feeCents` and of which `receivedCents` has been paid. */
export function aLedger(
  enrollment: Schemas['EnrollmentDto'],
  { receivedCents = 0 }: { receivedCents?: number } = {},
): Schemas['LedgerDto'] {
  const fee = aLedgerEntry({
    enrollmentId: enrollment.id,
    kind: 'FEE',
    amountCents: enrollment.feeCents,
  });
  const payments = receivedCents
    ? [
        aLedgerEntry({
          enrollmentId: enrollment.id,
          kind: 'PAYMENT',
          amountCents: receivedCents,
          method: 'CASH',
          receiptNumber: `R-${today().slice(0, 4)}-000001`,
          receivedOn: today(),
        }),
      ]
    : [];
  return {
    enrollmentId: enrollment.id,
    balanceCents: enrollment.feeCents - receivedCents,
    receivedCents,
    entries: [fee, ...payments],
  };
}

export function aParticipant(
  over: Partial<Schemas['ParticipantDto']> = {},
): Schemas['ParticipantDto'] {
  return {
    id: anId(),
    firstName: 'Pat',
    lastName: 'Marsh',
    dateOfBirth: '1986-04-28',
    stateIdNumber: null,
    phone: null,
    email: null,
    address: null,
    duplicateOverride: null,
    recordStatus: 'OPEN',
    createdAt: timestampIn(-1),
    updatedAt: timestampIn(-1),
    ...over,
  };
}

export function aStaffEntry(
  over: Partial<Schemas['StaffDirectoryEntryDto']> = {},
): Schemas['StaffDirectoryEntryDto'] {
  return { id: anId(), displayName: 'Lee Okafor', roles: ['INTAKE'], active: true, ...over };
}

export function aProgram(
  code: Schemas['ProgramDto']['code'] = 'JOHNZ_SCHOOL',
  over: Partial<Schemas['ProgramDto']> = {},
): Schemas['ProgramDto'] {
  return {
    id: anId(),
    code,
    name: code === 'OAR' ? 'The OAR Program' : 'Johnz School (first-offender education)',
    feeCents: code === 'OAR' ? 25_000 : 40_000,
    requiredSessions: code === 'OAR' ? 4 : 1,
    completionWindowDays: 90,
    minSessionMinutes: 180,
    beneficiary: 'Veronica’s Voice',
    ...over,
  };
}

export function aCourt(over: Partial<Schemas['CourtDto']> = {}): Schemas['CourtDto'] {
  return { id: anId(), code: 'KCMO', name: 'Kansas City Municipal Court', active: true, ...over };
}

export function aReferral(over: Partial<Schemas['ReferralDto']> = {}): Schemas['ReferralDto'] {
  return {
    id: anId(),
    participantId: anId(),
    caseNumber: 'KC-24-001234',
    jurisdiction: 'KCMO',
    courtName: 'Kansas City Municipal Court',
    referringAgency: 'KCPD Vice Unit',
    recordStatus: 'OPEN',
    offenseDate: daysFromToday(-40),
    chargeCode: 'RSMo 567.030',
    offenseClass: 'B_MISDEMEANOR',
    minorInvolved: 'NO',
    victimAgeAtOffense: null,
    priorProstitutionConvictions: 0,
    priorDiversionDeclared: false,
    pendingSimilarCharge: false,
    registeredSexOffender: false,
    traffickingCharge: false,
    childrenDivisionReportRequired: false,
    screeningVersion: 1,
    createdAt: timestampIn(-2),
    updatedAt: timestampIn(-2),
    ...over,
  };
}

/** A referral as a participant's list of referrals shows it: `aReferral` with who and where it stands. */
export function aReferralSummary(
  over: Partial<Schemas['ReferralSummaryDto']> = {},
): Schemas['ReferralSummaryDto'] {
  return {
    ...aReferral(),
    participantName: 'Pat Marsh',
    latestCheck: null,
    enrollmentId: null,
    ...over,
  };
}

export function anEligibilityCheck(
  over: Partial<Schemas['EligibilityCheckDto']> = {},
): Schemas['EligibilityCheckDto'] {
  return {
    id: anId(),
    referralId: anId(),
    eligible: true,
    ruleSetVersion: '2026.1',
    screeningVersion: 1,
    stale: false,
    checkedAt: timestampIn(-1),
    checkedBy: anId(),
    reasons: [],
    ...over,
  };
}

export function aFollowUp(over: Partial<Schemas['FollowUpDto']> = {}): Schemas['FollowUpDto'] {
  return {
    enrollmentId: anId(),
    participantId: anId(),
    participantName: 'Pat Marsh',
    dateOfBirth: '1986-04-28',
    programCode: 'JOHNZ_SCHOOL',
    exitStatus: 'COMPLETED',
    exitedOn: daysFromToday(-380),
    months: 12,
    dueOn: daysFromToday(-15),
    result: null,
    source: null,
    checkedOn: null,
    ...over,
  };
}

export function aRemittance(
  over: Partial<Schemas['RemittanceDto']> = {},
): Schemas['RemittanceDto'] {
  return {
    id: anId(),
    beneficiary: 'Veronica’s Voice',
    periodEnd: today(),
    status: 'DRAFT',
    totalCents: 12_550,
    itemCount: 1,
    negativeTotal: false,
    createdAt: timestampIn(0, -0.05),
    createdBy: anId(),
    ...over,
  };
}

/** A session tomorrow, 19 of its 20 seats taken. */
export function aSession(over: Partial<Schemas['SessionDto']> = {}): Schemas['SessionDto'] {
  return {
    id: anId(),
    programCode: 'JOHNZ_SCHOOL',
    startsAt: timestampIn(1),
    endsAt: timestampIn(1, 3),
    location: 'Room 204, 1125 Locust St',
    capacity: 20,
    seatsTaken: 19,
    seatsAvailable: 1,
    facilitatorId: null,
    facilitatorName: null,
    topic: null,
    cancelledAt: null,
    cancelReason: null,
    createdAt: timestampIn(-3),
    attendanceTaken: false,
    attendanceRecordedAt: null,
    attendanceRecordedCount: 0,
    ...over,
  };
}

/** A person on a session's roster (its seat), nobody marked yet. */
export function aRosterRow(
  firstName: string,
  lastName: string,
  over: Partial<Schemas['RosterRowDto']> = {},
): Schemas['RosterRowDto'] {
  return {
    enrollmentId: anId(),
    participantId: anId(),
    participantName: `${firstName} ${lastName}`,
    firstName,
    lastName,
    dateOfBirth: '1986-04-28',
    status: null,
    note: null,
    ...over,
  };
}

/** A page of a list holding `items` (all there is). */
export function aPage<T>(items: T[], limit = 50) {
  return { items, total: items.length, page: 1, limit };
}

/** An empty page of a list. */
export function noRows() {
  return aPage<never>([]);
}
