import { EligibilityFacts, RuleResult } from './facts';
import { MO_2026_1 } from './mo-2026-1';

export * from './facts';

/**
 * Every rule set ever used, by version. Stored checks name their version, so a later rule set
 * is added here beside the old one, never in its place.
 */
export const RULE_SETS = {
  'MO-2026.1': MO_2026_1,
} as const;

export type RuleSetVersion = keyof typeof RULE_SETS;

/** The version new checks use. */
export const CURRENT_RULE_SET: RuleSetVersion = 'MO-2026.1';

export interface Evaluation {
  ruleSetVersion: RuleSetVersion;
  eligible: boolean;
  reasons: RuleResult[];
}

/** Runs every rule (no short-circuit: the result explains each one). */
export function evaluate(
  facts: EligibilityFacts,
  version: RuleSetVersion = CURRENT_RULE_SET,
): Evaluation {
  const reasons = RULE_SETS[version].map((rule) => rule(facts));
  return { ruleSetVersion: version, eligible: reasons.every((r) => r.passed), reasons };
}
