import { ageOn } from '../../common/dates';
import { CURRENT_RULE_SET, evaluate, EligibilityFacts, RULE_SETS } from './index';

const eligible = (): EligibilityFacts => ({
  referral: {
    offenseDate: '2026-01-15',
    chargeCode: 'RSMo 567.030',
    offenseClass: 'B_MISDEMEANOR',
    minorInvolved: 'NO',
    victimAgeAtOffense: null,
    priorProstitutionConvictions: 0,
    priorDiversionDeclared: false,
    pendingSimilarCharge: false,
    registeredSexOffender: false,
    traffickingCharge: false,
  },
  participant: { ageAtOffense: 45 },
  records: { priorEnrollmentIds: [] },
});

type Change = (f: EligibilityFacts) => void;

/** The age the service gives the rules: born on `dateOfBirth`, on the referral's offense date. */
const bornOn = (f: EligibilityFacts, dateOfBirth: string) =>
  (f.participant.ageAtOffense = ageOn(dateOfBirth, f.referral.offenseDate));

const failing = (facts: EligibilityFacts) =>
  evaluate(facts)
    .reasons.filter((r) => !r.passed)
    .map((r) => r.code);

describe('rule set MO-2026.1', () => {
  it('lists every rule and is eligible when all pass', () => {
    const e = evaluate(eligible());
    expect(e.ruleSetVersion).toBe('MO-2026.1');
    expect(e.eligible).toBe(true);
    expect(e.reasons.map((r) => r.code)).toEqual([
      'CHARGE_NOT_ELIGIBLE',
      'MINOR_INVOLVED',
      'MINOR_STATUS_UNVERIFIED',
      'PARTICIPANT_NOT_ADULT',
      'PRIOR_CONVICTION',
      'PRIOR_DIVERSION',
      'PENDING_CHARGE',
      'REGISTERED_SEX_OFFENDER',
      'TRAFFICKING_CHARGE',
    ]);
    expect(e.reasons.every((r) => r.message.length > 0)).toBe(true);
  });

  const cases: [string, Change, string[]][] = [
    [
      'charge code of another statute',
      (f) => (f.referral.chargeCode = 'RSMo 567.020'),
      ['CHARGE_NOT_ELIGIBLE'],
    ],
    [
      'Class A misdemeanor',
      (f) => (f.referral.offenseClass = 'A_MISDEMEANOR'),
      ['CHARGE_NOT_ELIGIBLE'],
    ],
    ['felony class', (f) => (f.referral.offenseClass = 'E_FELONY'), ['CHARGE_NOT_ELIGIBLE']],
    ['minor involved YES', (f) => (f.referral.minorInvolved = 'YES'), ['MINOR_INVOLVED']],
    ['victim age 17', (f) => (f.referral.victimAgeAtOffense = 17), ['MINOR_INVOLVED']],
    [
      'minor involved UNKNOWN',
      (f) => (f.referral.minorInvolved = 'UNKNOWN'),
      ['MINOR_STATUS_UNVERIFIED'],
    ],
    [
      '17 years 364 days on the offense date',
      (f) => bornOn(f, '2008-01-16'),
      ['PARTICIPANT_NOT_ADULT'],
    ],
    [
      'one prior conviction',
      (f) => (f.referral.priorProstitutionConvictions = 1),
      ['PRIOR_CONVICTION'],
    ],
    [
      'declared prior diversion',
      (f) => (f.referral.priorDiversionDeclared = true),
      ['PRIOR_DIVERSION'],
    ],
    [
      'recorded prior enrollment',
      (f) => (f.records.priorEnrollmentIds = ['e1']),
      ['PRIOR_DIVERSION'],
    ],
    ['pending similar charge', (f) => (f.referral.pendingSimilarCharge = true), ['PENDING_CHARGE']],
    [
      'registered sex offender',
      (f) => (f.referral.registeredSexOffender = true),
      ['REGISTERED_SEX_OFFENDER'],
    ],
    ['trafficking charge', (f) => (f.referral.traffickingCharge = true), ['TRAFFICKING_CHARGE']],
  ];

  it.each(cases)('%s fails exactly that rule', (_name, change, codes) => {
    const facts = eligible();
    change(facts);
    expect(failing(facts)).toEqual(codes);
    expect(evaluate(facts).eligible).toBe(false);
  });

  const boundaries: [string, Change][] = [
    ['victim age 18', (f) => (f.referral.victimAgeAtOffense = 18)],
    ['18th birthday on the offense date', (f) => bornOn(f, '2008-01-15')],
    ['charge code written without RSMo', (f) => (f.referral.chargeCode = ' 567.030 ')],
    ['charge code with a section sign', (f) => (f.referral.chargeCode = 'rsmo § 567.030')],
  ];

  it.each(boundaries)('%s passes', (_name, change) => {
    const facts = eligible();
    change(facts);
    expect(failing(facts)).toEqual([]);
  });

  it('treats a leap-day birthday as turning 18 on March 1st in a common year', () => {
    const facts = eligible();
    facts.referral.offenseDate = '2026-02-28';
    bornOn(facts, '2008-02-29');
    expect(failing(facts)).toEqual(['PARTICIPANT_NOT_ADULT']);
    facts.referral.offenseDate = '2026-03-01';
    bornOn(facts, '2008-02-29');
    expect(failing(facts)).toEqual([]);
  });

  it('keeps versions side by side in the registry', () => {
    expect(Object.keys(RULE_SETS)).toContain(CURRENT_RULE_SET);
  });
});

describe('messages are words, not codes', () => {
  it('names the offense class as the charging document does', () => {
    const facts = eligible();
    facts.referral.offenseClass = 'A_MISDEMEANOR';
    const failed = evaluate(facts).reasons.find((r) => r.code === 'CHARGE_NOT_ELIGIBLE')!;
    expect(failed.message).toBe(
      'The offense is a Class A misdemeanor, not a Class B misdemeanor: for patronizing it means a minor was involved.',
    );
    expect(failed.message).not.toMatch(/[A-Z]+_[A-Z]+/);
  });
});
