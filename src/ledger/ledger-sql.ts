// The SQL of the fee ledger's writes, without Nest: LedgerRepository runs it, and the benchmark's
// minimal peer handler (bench/peer-payments.ts) runs the very same text.

export interface NewEntry {
  /** Chosen by the caller when it must name the entry before writing it (the audit event). */
  id?: string;
  enrollmentId: string;
  kind: string;
  amountCents: number;
  signedAmountCents: number;
  createdBy: string;
  method?: string;
  reference?: string;
  receivedOn?: string;
  reason?: string;
  note?: string;
  reversesEntryId?: string;
  waiverRequestId?: string;
}

/** A timestamp as `Date.toISOString()` writes it (UTC, milliseconds). */
export const isoTimestamp = (col: string) =>
  `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const ENTRY_COLUMNS = (
  e: string,
) => `${e}.id, ${e}.enrollment_id, ${e}.kind, ${e}.amount_cents,
  ${e}.signed_amount_cents, ${isoTimestamp(`${e}.created_at`)} AS created_at, ${e}.created_by,
  ${e}.receipt_number, ${e}.method, ${e}.reference,
  to_char(${e}.received_on, 'YYYY-MM-DD') AS received_on, ${e}.reverses_entry_id, ${e}.reason,
  ${e}.note, ${e}.waiver_request_id`;

/** Every money operation on an enrollment takes this row lock first. */
export const LOCK_ENROLLMENT_SQL = `SELECT id, status, program_code, enrolled_on::text AS enrolled_on
  FROM enrollments WHERE id = $1 FOR UPDATE`;

/** Balance and money received, as enrollment_ledger_totals defines them. */
export const TOTALS_SQL = `SELECT balance_cents, received_cents FROM enrollment_ledger_totals(ARRAY[$1::uuid])`;

/**
 * A new entry as the JSON of its LedgerEntryDto, built by the statement that writes it, so that
 * the same statement can store it as the idempotent response (nulls left out, as toDto does;
 * a new entry is never reversed yet).
 */
export const ENTRY_JSON = (e: string) => `jsonb_strip_nulls(jsonb_build_object(
  'id', ${e}.id, 'enrollmentId', ${e}.enrollment_id, 'kind', ${e}.kind,
  'amountCents', ${e}.amount_cents, 'signedAmountCents', ${e}.signed_amount_cents,
  'createdAt', ${isoTimestamp(`${e}.created_at`)}, 'createdBy', ${e}.created_by,
  'receiptNumber', ${e}.receipt_number, 'method', ${e}.method, 'reference', ${e}.reference,
  'receivedOn', to_char(${e}.received_on, 'YYYY-MM-DD'), 'reversesEntryId', ${e}.reverses_entry_id,
  'reason', ${e}.reason, 'note', ${e}.note, 'waiverRequestId', ${e}.waiver_request_id))`;

/** Parameters $1…$13 of writeEntrySql. */
export function entryParams(e: NewEntry): unknown[] {
  return [
    e.id ?? null,
    e.enrollmentId,
    e.kind,
    e.amountCents,
    e.signedAmountCents,
    e.method ?? null,
    e.reference ?? null,
    e.receivedOn ?? null,
    e.reason ?? null,
    e.note ?? null,
    e.reversesEntryId ?? null,
    e.waiverRequestId ?? null,
    e.createdBy,
  ];
}

/**
 * One statement that appends an entry (params $1…$13, entryParams) and answers it as the JSON of
 * its DTO. With `receipt`, it first takes the next receipt number of the year $14 — the counter
 * row every payment of the year queues on, held from here to commit — and gives it to the entry.
 * With `completeKey`, it also stores that JSON as the response of the idempotency key (staff $k,
 * key $k+1, status $k+2, after the other parameters).
 */
export function writeEntrySql(opts: { receipt: boolean; completeKey: boolean }): string {
  const k = opts.receipt ? 15 : 14;
  const counter = opts.receipt
    ? `counter AS (
         INSERT INTO receipt_counters (year, last_number) VALUES ($14, 1)
         ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1
         RETURNING last_number),`
    : '';
  const complete = opts.completeKey
    ? `, done AS (
         UPDATE idempotency_keys
            SET status = 'COMPLETED', response_status = $${k + 2}, response_body = body.json
           FROM body WHERE staff_id = $${k} AND key = $${k + 1})`
    : '';
  return `WITH ${counter} entry AS (
       INSERT INTO ledger_entries (id, enrollment_id, kind, amount_cents, signed_amount_cents,
           method, reference, received_on, reason, note, reverses_entry_id, waiver_request_id,
           created_by${opts.receipt ? ', receipt_number' : ''})
       SELECT coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8::date, $9, $10,
              $11, $12, $13${opts.receipt ? `, 'R-' || $14::int || '-' || lpad(counter.last_number::text, 6, '0')` : ''}
       ${opts.receipt ? 'FROM counter' : ''}
       RETURNING *),
     body AS (SELECT ${ENTRY_JSON('entry')} AS json FROM entry)${complete}
     SELECT json FROM body`;
}

/** How long a concurrent request with the same key waits for the first one to finish. */
const WAIT_FOR_FIRST = '3s';
/** How long a key is kept: a replay within it answers the first response. */
export const KEEP_KEYS = '24 hours';

/**
 * Claims an idempotency key (staff $1, key $2, request hash $3) in one statement: answers
 * `claimed` 1 for a key never seen or expired, 0 when it exists (then read it). A key another
 * request holds is waited for at most WAIT_FOR_FIRST: lock_timeout is set for the insert only and
 * restored by the same statement.
 */
export const CLAIM_KEY_SQL = `WITH setting AS MATERIALIZED (
           SELECT current_setting('lock_timeout') AS before,
                  set_config('lock_timeout', '${WAIT_FOR_FIRST}', true) AS waiting),
         claimed AS (
           INSERT INTO idempotency_keys AS k (staff_id, key, request_hash)
           SELECT $1, $2, $3 FROM setting
           ON CONFLICT (staff_id, key) DO UPDATE
              SET request_hash = EXCLUDED.request_hash, status = 'IN_PROGRESS',
                  response_status = NULL, response_body = NULL, created_at = now()
            WHERE k.created_at < now() - interval '${KEEP_KEYS}'
           RETURNING 1)
         SELECT (SELECT count(*) FROM claimed)::int AS claimed,
                set_config('lock_timeout', (SELECT before FROM setting), true) AS restored`;
