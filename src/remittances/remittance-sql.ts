/**
 * What a "money movement" is lives in one place, the database view `ledger_entry_effects`
 * (migration LedgerDefinitionsAndMovementDate): a PAYMENT, a REFUND, or a REVERSAL of one
 * (`is_movement`); its date is the payment's received date, else the America/Chicago day it was
 * recorded (`movement_on`, indexed); what it adds to the money received and to a remittance is the
 * negation of its signed amount (`received_cents`: a payment of X remits +X).
 *
 * Expressions expect `x` = a row of ledger_entry_effects.
 */
export const LEDGER_EFFECTS = 'ledger_entry_effects';

/**
 * Movements dated on or before a day (the parameter `$n`). The kind filter is implied by
 * is_movement; it is spelled out so the planner skips fees and waivers before the join.
 */
export const movementsOnOrBefore = (param: string): string =>
  `x.kind IN ('PAYMENT','REFUND','REVERSAL') AND x.is_movement AND x.movement_on <= ${param}::date`;
