/**
 * What a rule may look at. Also the input snapshot stored with every check, which is
 * append-only: ids, codes, amounts and dates of the case, never the person's identity (the age
 * at the offense, not the date of birth).
 */
export interface EligibilityFacts {
  referral: {
    offenseDate: string;
    chargeCode: string;
    offenseClass: string;
    minorInvolved: 'NO' | 'YES' | 'UNKNOWN';
    victimAgeAtOffense: number | null;
    priorProstitutionConvictions: number;
    priorDiversionDeclared: boolean;
    pendingSimilarCharge: boolean;
    registeredSexOffender: boolean;
    traffickingCharge: boolean;
  };
  participant: {
    /** Whole years on the offense date (a birthday on 29 February comes on 1 March). */
    ageAtOffense: number;
  };
  /** The system's own records about this person. */
  records: {
    /** Enrollments of this participant (or the same identity) other than for this referral. */
    priorEnrollmentIds: string[];
  };
}

export interface RuleResult {
  code: string;
  passed: boolean;
  message: string;
}

export type EligibilityRule = (facts: EligibilityFacts) => RuleResult;
