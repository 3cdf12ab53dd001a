import { EligibilityFacts, EligibilityRule, RuleResult } from './facts';

/**
 * Rule set MO-2026.1 (PRODUCT.md "Eligibility"): one small pure function per reason code.
 * A rule passes or fails on the facts alone; the message explains the decision to a person.
 */

const result = (code: string, passed: boolean, message: string): RuleResult => ({
  code,
  passed,
  message,
});

/** Patronizing prostitution, RSMo 567.030 — written with or without "RSMo", "§" and spaces. */
const ELIGIBLE_CHARGE = '567.030';
const normalizeCharge = (code: string) =>
  code.toUpperCase().replace(/[\s§]/g, '').replace(/^RSMO/, '');

/** An offense class in the words on the charging document (the message is read by staff). */
const OFFENSE_CLASS_WORDS: Record<string, string> = {
  B_MISDEMEANOR: 'a Class B misdemeanor',
  A_MISDEMEANOR: 'a Class A misdemeanor',
  E_FELONY: 'a Class E felony',
  D_FELONY: 'a Class D felony',
  OTHER: 'another class',
};

export const chargeNotEligible: EligibilityRule = ({ referral }) => {
  const statute = normalizeCharge(referral.chargeCode) === ELIGIBLE_CHARGE;
  const classB = referral.offenseClass === 'B_MISDEMEANOR';
  if (statute && classB)
    return result(
      'CHARGE_NOT_ELIGIBLE',
      true,
      'Patronizing prostitution (RSMo 567.030), Class B misdemeanor.',
    );
  if (!statute)
    return result(
      'CHARGE_NOT_ELIGIBLE',
      false,
      `Charge ${referral.chargeCode} is not patronizing prostitution (RSMo 567.030).`,
    );
  return result(
    'CHARGE_NOT_ELIGIBLE',
    false,
    `The offense is ${OFFENSE_CLASS_WORDS[referral.offenseClass] ?? referral.offenseClass}, not a Class B misdemeanor: for patronizing it means a minor was involved.`,
  );
};

export const minorInvolved: EligibilityRule = ({ referral }) => {
  if (referral.minorInvolved === 'YES')
    return result('MINOR_INVOLVED', false, 'A minor was involved; diversion is never available.');
  if (referral.victimAgeAtOffense !== null && referral.victimAgeAtOffense < 18)
    return result(
      'MINOR_INVOLVED',
      false,
      `The recorded age at offense (${referral.victimAgeAtOffense}) is under 18; diversion is never available.`,
    );
  return result('MINOR_INVOLVED', true, 'No minor is recorded as involved.');
};

export const minorStatusUnverified: EligibilityRule = ({ referral }) =>
  referral.minorInvolved === 'UNKNOWN'
    ? result(
        'MINOR_STATUS_UNVERIFIED',
        false,
        'Whether a minor was involved is unknown; it must be verified first.',
      )
    : result('MINOR_STATUS_UNVERIFIED', true, 'Whether a minor was involved is recorded.');

export const participantNotAdult: EligibilityRule = ({ participant }) => {
  const age = participant.ageAtOffense;
  return age >= 18
    ? result('PARTICIPANT_NOT_ADULT', true, `The participant was ${age} on the offense date.`)
    : result(
        'PARTICIPANT_NOT_ADULT',
        false,
        `The participant was ${age} on the offense date; adults only.`,
      );
};

export const priorConviction: EligibilityRule = ({ referral }) =>
  referral.priorProstitutionConvictions > 0
    ? result(
        'PRIOR_CONVICTION',
        false,
        `${referral.priorProstitutionConvictions} prior prostitution-related conviction(s) recorded.`,
      )
    : result('PRIOR_CONVICTION', true, 'No prior prostitution-related conviction is recorded.');

export const priorDiversion: EligibilityRule = ({ referral, records }) => {
  if (records.priorEnrollmentIds.length > 0)
    return result(
      'PRIOR_DIVERSION',
      false,
      'The participant has already been enrolled in a diversion program (system records).',
    );
  if (referral.priorDiversionDeclared)
    return result('PRIOR_DIVERSION', false, 'A prior diversion is declared.');
  return result('PRIOR_DIVERSION', true, 'No prior diversion, recorded or declared.');
};

export const pendingCharge: EligibilityRule = ({ referral }) =>
  referral.pendingSimilarCharge
    ? result('PENDING_CHARGE', false, 'A similar charge is pending.')
    : result('PENDING_CHARGE', true, 'No similar charge is pending.');

export const registeredSexOffender: EligibilityRule = ({ referral }) =>
  referral.registeredSexOffender
    ? result('REGISTERED_SEX_OFFENDER', false, 'The participant is a registered sex offender.')
    : result('REGISTERED_SEX_OFFENDER', true, 'The participant is not a registered sex offender.');

export const traffickingCharge: EligibilityRule = ({ referral }) =>
  referral.traffickingCharge
    ? result('TRAFFICKING_CHARGE', false, 'A trafficking charge or conviction is recorded.')
    : result('TRAFFICKING_CHARGE', true, 'No trafficking charge or conviction is recorded.');

export const MO_2026_1: readonly EligibilityRule[] = [
  chargeNotEligible,
  minorInvolved,
  minorStatusUnverified,
  participantNotAdult,
  priorConviction,
  priorDiversion,
  pendingCharge,
  registeredSexOffender,
  traffickingCharge,
];

export type { EligibilityFacts };
