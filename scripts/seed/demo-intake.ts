import { ageOn } from '../../src/common/dates';
import { evaluate, EligibilityFacts } from '../../src/eligibility/rules';
import { caseKey, lastNameKey, stateIdKey } from '../../src/participants/identity';
import { dateOf, localTs } from './demo-calendar';
import type { EnrollmentOutcome } from './demo-enrollments';
import * as names from './demo-names';
import { Ineligibility, PROGRAM_SETUP, Program, World } from './demo-world';

/**
 * Intake over the year: participants, referrals and their eligibility checks (every kind of
 * ineligibility), enrollment of the eligible through `simulateEnrollment`, and second arrests of
 * people already enrolled.
 */
export function admitYear(
  w: World,
  simulateEnrollment: (
    enrollmentId: string,
    program: Program,
    enrolledDay: number,
    clerk: string,
  ) => EnrollmentOutcome,
): void {
  const {
    rng,
    opts,
    yearStart,
    asOfDay,
    intake,
    byCode,
    participants,
    referrals,
    checks,
    enrollments,
    event,
  } = w;

  // Intake days spread over the year, oldest first, so earlier enrollments take seats first.
  const intakeDays = Array.from(
    { length: opts.participants },
    () => yearStart + rng.int(0, 364),
  ).sort((a, b) => a - b);
  const identities = new Set<string>();
  const certificatePrefixes = new Set<string>();
  let caseSeq = 0;
  const secondReferrals: {
    participantId: string;
    dob: string;
    enrollmentId: string;
    afterDay: number;
  }[] = [];

  const newReferral = (
    participantId: string,
    dob: string,
    intakeDay: number,
    problem: Ineligibility,
    priorEnrollmentIds: string[],
  ) => {
    const referralId = rng.uuid();
    const [jurisdiction, agency, prefix] = rng.pick(names.JURISDICTIONS);
    const caseNumber = `${dateOf(intakeDay).slice(2, 4)}-${prefix}-${String(++caseSeq).padStart(6, '0')}`;
    const offenseDay = intakeDay - rng.int(7, 90);
    const facts: EligibilityFacts['referral'] = {
      offenseDate: dateOf(offenseDay),
      chargeCode: 'RSMo 567.030',
      offenseClass: 'B_MISDEMEANOR',
      minorInvolved: 'NO',
      victimAgeAtOffense: rng.chance(0.3) ? rng.int(19, 45) : null,
      priorProstitutionConvictions: 0,
      priorDiversionDeclared: false,
      pendingSimilarCharge: false,
      registeredSexOffender: false,
      traffickingCharge: false,
    };
    switch (problem) {
      case 'CHARGE_NOT_ELIGIBLE':
        if (rng.chance(0.5)) facts.offenseClass = 'A_MISDEMEANOR';
        else facts.chargeCode = 'RSMo 567.020';
        break;
      case 'MINOR_INVOLVED':
        if (rng.chance(0.6)) {
          facts.minorInvolved = 'YES';
          facts.victimAgeAtOffense = rng.int(14, 17);
        } else facts.victimAgeAtOffense = rng.int(15, 17);
        break;
      case 'MINOR_STATUS_UNVERIFIED':
        facts.minorInvolved = 'UNKNOWN';
        facts.victimAgeAtOffense = null;
        break;
      case 'PRIOR_CONVICTION':
        facts.priorProstitutionConvictions = rng.int(1, 2);
        break;
      case 'PRIOR_DIVERSION':
        facts.priorDiversionDeclared = true;
        break;
      case 'PENDING_CHARGE':
        facts.pendingSimilarCharge = true;
        break;
      case 'REGISTERED_SEX_OFFENDER':
        facts.registeredSexOffender = true;
        break;
      case 'TRAFFICKING_CHARGE':
        facts.traffickingCharge = true;
        break;
      default:
        break;
    }
    const clerk = rng.pick(intake);
    const minute = rng.int(540, 960);
    const check = (version: number, f: EligibilityFacts['referral'], day: number, m: number) => {
      const all: EligibilityFacts = {
        referral: f,
        participant: { ageAtOffense: ageOn(dob, f.offenseDate) },
        records: { priorEnrollmentIds },
      };
      const evaluation = evaluate(all);
      const id = rng.uuid();
      checks.push([
        id,
        referralId,
        evaluation.ruleSetVersion,
        version,
        evaluation.eligible,
        { screeningVersion: version, ...all },
        evaluation.reasons,
        localTs(day, m),
        clerk,
      ]);
      event(day, m, clerk, 'eligibility.check', 'eligibility_check', id);
      return { id, evaluation };
    };
    let result = check(1, facts, intakeDay, minute + 5);
    let version = 1;
    const childrenDivision = result.evaluation.reasons.some(
      (r) => r.code === 'MINOR_INVOLVED' && !r.passed,
    );
    let checkDay = intakeDay;
    // Half of the unknown-minor cases are verified later: the facts change, a fresh check passes.
    if (problem === 'MINOR_STATUS_UNVERIFIED' && rng.chance(0.5) && intakeDay + 10 < asOfDay) {
      checkDay = intakeDay + rng.int(3, 9);
      facts.minorInvolved = 'NO';
      version = 2;
      event(checkDay, minute, clerk, 'referral.update', 'referral', referralId, 200);
      result = check(2, facts, checkDay, minute + 3);
    }
    referrals.push([
      referralId,
      participantId,
      caseNumber,
      caseKey(caseNumber),
      jurisdiction,
      caseKey(jurisdiction),
      agency,
      facts.offenseDate,
      facts.chargeCode,
      facts.offenseClass,
      facts.minorInvolved,
      facts.victimAgeAtOffense,
      facts.priorProstitutionConvictions,
      facts.priorDiversionDeclared,
      facts.pendingSimilarCharge,
      facts.registeredSexOffender,
      facts.traffickingCharge,
      childrenDivision,
      version,
      localTs(intakeDay, minute),
      clerk,
      localTs(checkDay, minute),
    ]);
    event(intakeDay, minute, clerk, 'referral.create', 'referral', referralId);
    return {
      referralId,
      checkId: result.id,
      eligible: result.evaluation.eligible,
      checkDay,
      clerk,
    };
  };

  for (const intakeDay of intakeDays) {
    const problem = rng.weighted<Ineligibility>({
      NONE: 860,
      CHARGE_NOT_ELIGIBLE: 20,
      MINOR_INVOLVED: 15,
      MINOR_STATUS_UNVERIFIED: 25,
      PARTICIPANT_NOT_ADULT: 10,
      PRIOR_CONVICTION: 25,
      PRIOR_DIVERSION: 20,
      PENDING_CHARGE: 12,
      REGISTERED_SEX_OFFENDER: 8,
      TRAFFICKING_CHARGE: 5,
    });
    // Identity: a new person each time (unique normalized last name + date of birth + state id).
    let first: string, last: string, dob: string, stateId: string | null, key: string;
    do {
      first = rng.pick(names.FIRST);
      last = rng.pick(names.LAST);
      const age = problem === 'PARTICIPANT_NOT_ADULT' ? 17 : rng.int(19, 68);
      dob = dateOf(intakeDay - 60 - Math.floor(age * 365.25) - rng.int(0, 300));
      stateId = rng.chance(0.65)
        ? `${rng.pick(['A', 'B', 'E', 'K', 'M', 'S'])}${rng.int(100000000, 999999999)}`
        : null;
      key = `${lastNameKey(last)}|${dob}|${stateId ? stateIdKey(stateId) : ''}`;
    } while (identities.has(key));
    identities.add(key);
    if (problem === 'PARTICIPANT_NOT_ADULT' && ageOn(dob, dateOf(intakeDay - 7)) >= 18) {
      dob = dateOf(intakeDay - 100 - 17 * 365);
    }
    const participantId = rng.uuid();
    const clerk = rng.pick(intake);
    const pMinute = rng.int(540, 950);
    participants.push([
      participantId,
      first,
      last,
      lastNameKey(last),
      dob,
      stateId,
      stateId ? stateIdKey(stateId) : null,
      rng.chance(0.85) ? `(816) 555-${String(rng.int(0, 9999)).padStart(4, '0')}` : null,
      rng.chance(0.6)
        ? `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${rng.int(1, 99)}@example.com`
        : null,
      rng.chance(0.7)
        ? `${rng.int(100, 9999)} ${rng.pick(names.STREETS)}, Kansas City, MO 641${rng.int(10, 99)}`
        : null,
      localTs(intakeDay, pMinute),
      clerk,
      localTs(intakeDay, pMinute),
    ]);
    event(intakeDay, pMinute, clerk, 'participant.create', 'participant', participantId);

    const ref = newReferral(participantId, dob, intakeDay, problem, []);
    if (!ref.eligible) continue;
    const enrolledDay = ref.checkDay + rng.int(0, 12);
    // Not yet enrolled (agreement still being signed) or declined the offer.
    if (enrolledDay >= asOfDay || rng.chance(0.03)) continue;
    const program = byCode.get(
      rng.chance(PROGRAM_SETUP.JOHNZ_SCHOOL.share) ? 'JOHNZ_SCHOOL' : 'OAR',
    )!;
    let enrollmentId: string;
    do enrollmentId = rng.uuid();
    while (certificatePrefixes.has(enrollmentId.slice(0, 8)));
    certificatePrefixes.add(enrollmentId.slice(0, 8));
    const outcome = simulateEnrollment(enrollmentId, program, enrolledDay, ref.clerk);
    enrollments.push([
      enrollmentId,
      participantId,
      ref.referralId,
      ref.checkId,
      program.id,
      program.code,
      outcome.status,
      dateOf(enrolledDay),
      dateOf(enrolledDay),
      dateOf(enrolledDay + program.windowDays),
      program.feeCents,
      program.requiredSessions,
      outcome.certificate,
      outcome.closedDay === null ? null : dateOf(outcome.closedDay),
      outcome.closedReason,
      localTs(enrolledDay, 545),
      ref.clerk,
      localTs(outcome.closedDay ?? enrolledDay, outcome.closedDay === null ? 545 : 1000),
    ]);
    if (rng.chance(0.012)) {
      secondReferrals.push({ participantId, dob, enrollmentId, afterDay: enrolledDay });
    }
  }

  // A second arrest of someone already enrolled: the system's own records make it ineligible.
  for (const s of secondReferrals) {
    const day = s.afterDay + rng.int(30, 200);
    if (day < asOfDay) newReferral(s.participantId, s.dob, day, 'NONE', [s.enrollmentId]);
  }
}
