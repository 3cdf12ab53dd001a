import { randomBytes } from 'node:crypto';
import { ApiClient } from './support/http';

/** Builders for the intake tests: everything goes through the HTTP API. */

/**
 * A name no other test registers: sixteen random letters, so two of them are never a close
 * spelling of each other (a possible duplicate when they share a date of birth).
 */
export const uniqueName = (prefix = 'Tester') =>
  `${prefix}${randomBytes(8)
    .toString('hex')
    .replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)])}`;

export const eligibleReferral = (participantId: string, overrides: object = {}) => ({
  participantId,
  caseNumber: `CR-${randomBytes(5).toString('hex')}`,
  jurisdiction: 'KC-MUNICIPAL',
  referringAgency: 'KCPD',
  offenseDate: '2026-01-15',
  chargeCode: 'RSMo 567.030',
  offenseClass: 'B_MISDEMEANOR',
  minorInvolved: 'NO',
  priorProstitutionConvictions: 0,
  priorDiversionDeclared: false,
  pendingSimilarCharge: false,
  registeredSexOffender: false,
  traffickingCharge: false,
  ...overrides,
});

export async function createParticipant(
  client: ApiClient,
  overrides: object = {},
): Promise<{ id: string; lastName: string; dateOfBirth: string }> {
  const res = await client.post('/participants', {
    firstName: 'Pat',
    lastName: uniqueName(),
    dateOfBirth: '1980-05-05',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`participant: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createReferral(
  client: ApiClient,
  participantId: string,
  overrides: object = {},
): Promise<{ id: string; screeningVersion: number }> {
  const res = await client.post('/referrals', eligibleReferral(participantId, overrides));
  if (res.status !== 201) throw new Error(`referral: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A participant with an eligible, freshly checked referral. */
export async function checkedReferral(
  client: ApiClient,
  participant: object = {},
  referral: object = {},
): Promise<{ participantId: string; referralId: string; eligible: boolean }> {
  const p = await createParticipant(client, participant);
  const r = await createReferral(client, p.id, referral);
  const c = await client.post(`/referrals/${r.id}/eligibility-checks`);
  if (c.status !== 201) throw new Error(`check: ${c.status} ${JSON.stringify(c.body)}`);
  return { participantId: p.id, referralId: r.id, eligible: c.body.eligible };
}

export const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
