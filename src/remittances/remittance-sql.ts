/**
 * What a "money movement" is, in SQL, shared by remittances and the reports.
 *
 * A movement is a PAYMENT, a REFUND, or a REVERSAL of a PAYMENT or a REFUND (reversals of fees
 * and waivers move no money). Its date is the payment's received date, else the America/Chicago
 * day it was recorded (database sessions run in that time zone). What it adds to the remittance
 * is the negation of its signed amount: a payment (−X on the balance) remits +X.
 *
 * Expressions expect `e` = the entry and `t` = the entry it reverses (LEFT JOIN, may be null).
 */
export const MOVEMENT_PREDICATE = `(e.kind IN ('PAYMENT','REFUND') OR (e.kind = 'REVERSAL' AND t.kind IN ('PAYMENT','REFUND')))`;

export const MOVEMENT_DATE = `(CASE WHEN e.kind = 'PAYMENT' THEN e.received_on ELSE e.created_at::date END)`;

/**
 * Entries dated on or before a day (the parameter `$n`): written so the planner can use
 * ledger_entries (kind, received_on) and ledger_entries (created_at).
 */
export const datedOnOrBefore = (param: string): string =>
  `((e.kind = 'PAYMENT' AND e.received_on <= ${param}::date)
    OR (e.kind <> 'PAYMENT' AND e.created_at < (${param}::date + 1)::timestamptz))`;

/** Entries dated within [from, to] (both days inclusive). */
export const datedWithin = (from: string, to: string): string =>
  `((e.kind = 'PAYMENT' AND e.received_on BETWEEN ${from}::date AND ${to}::date)
    OR (e.kind <> 'PAYMENT' AND e.created_at >= ${from}::date::timestamptz
        AND e.created_at < (${to}::date + 1)::timestamptz))`;
