import type { ClientBase } from 'pg';
import { BulkColumn } from '../lib/bulk';
import { Entry, World } from './demo-world';

export interface Table {
  table: string;
  columns: BulkColumn[];
  rows: unknown[][];
  after?: (client: ClientBase) => Promise<void>;
}

const col = (name: string, type: BulkColumn['type']): BulkColumn => ({ name, type });

/** The roster submissions' audit events, then every table's columns and rows, in insert order. */
export function tablesOf(
  w: World,
  counters: Map<number, number>,
): {
  staff: Record<string, string>;
  tables: Table[];
  waiverApprovals: unknown[][];
} {
  const {
    sessionsByProgram,
    rng,
    staff,
    participants,
    referrals,
    checks,
    enrollments,
    transitions,
    sessionsRows,
    seats,
    attendance,
    revisions,
    waiverRows,
    waiverApprovals,
    entries,
    batches,
    items,
    audit,
  } = w;

  // Roster submissions: one audit event per session with attendance (the PUT of the roster).
  const rosterSessions = new Map<string, string>();
  for (const r of attendance)
    if (!rosterSessions.has(r[0] as string)) rosterSessions.set(r[0] as string, r[4] as string);
  const sessionById = new Map([...sessionsByProgram.values()].flat().map((s) => [s.id, s]));
  for (const [sessionId, at] of rosterSessions) {
    const s = sessionById.get(sessionId)!;
    audit.push([
      rng.uuid(),
      at,
      s.facilitatorId,
      'session.attendance',
      'class_session',
      sessionId,
      'SUCCESS',
      200,
      rng.uuid(),
      '10.20.1.40',
    ]);
  }

  const entryRow = (e: Entry) => [
    e.id,
    e.enrollmentId,
    e.kind,
    e.amount,
    e.signed,
    e.method,
    e.reference,
    e.receivedOn,
    e.receiptNumber,
    e.reason,
    e.note,
    e.reverses,
    e.waiverRequestId,
    e.at,
    e.by,
  ];
  const entryColumns = [
    col('id', 'uuid'),
    col('enrollment_id', 'uuid'),
    col('kind', 'text'),
    col('amount_cents', 'bigint'),
    col('signed_amount_cents', 'bigint'),
    col('method', 'text'),
    col('reference', 'text'),
    col('received_on', 'date'),
    col('receipt_number', 'text'),
    col('reason', 'text'),
    col('note', 'text'),
    col('reverses_entry_id', 'uuid'),
    col('waiver_request_id', 'uuid'),
    col('created_at', 'localts'),
    col('created_by', 'uuid'),
  ];
  const sessionSeatCounts = [...sessionsByProgram.values()].flat().map((s) => [s.id, s.seats]);
  const pendingWaivers = waiverRows.filter((w) => w.length === 8);
  const decidedWaivers = waiverRows.filter((w) => w.length > 8);

  return {
    staff,
    waiverApprovals,
    tables: [
      {
        table: 'participants',
        columns: [
          col('id', 'uuid'),
          col('first_name', 'text'),
          col('last_name', 'text'),
          col('last_name_key', 'text'),
          col('date_of_birth', 'date'),
          col('state_id_number', 'text'),
          col('state_id_key', 'text'),
          col('phone', 'text'),
          col('email', 'text'),
          col('address', 'text'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
          col('updated_at', 'localts'),
        ],
        rows: participants,
      },
      {
        table: 'referrals',
        columns: [
          col('id', 'uuid'),
          col('participant_id', 'uuid'),
          col('case_number', 'text'),
          col('case_number_key', 'text'),
          col('jurisdiction', 'text'),
          col('jurisdiction_key', 'text'),
          col('referring_agency', 'text'),
          col('offense_date', 'date'),
          col('charge_code', 'text'),
          col('offense_class', 'text'),
          col('minor_involved', 'text'),
          col('victim_age_at_offense', 'int'),
          col('prior_prostitution_convictions', 'int'),
          col('prior_diversion_declared', 'bool'),
          col('pending_similar_charge', 'bool'),
          col('registered_sex_offender', 'bool'),
          col('trafficking_charge', 'bool'),
          col('children_division_report_required', 'bool'),
          col('screening_version', 'int'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
          col('updated_at', 'localts'),
        ],
        rows: referrals,
      },
      {
        table: 'eligibility_checks',
        columns: [
          col('id', 'uuid'),
          col('referral_id', 'uuid'),
          col('rule_set_version', 'text'),
          col('screening_version', 'int'),
          col('eligible', 'bool'),
          col('input_snapshot', 'jsonb'),
          col('reasons', 'jsonb'),
          col('checked_at', 'localts'),
          col('checked_by', 'uuid'),
        ],
        rows: checks,
      },
      {
        table: 'enrollments',
        columns: [
          col('id', 'uuid'),
          col('participant_id', 'uuid'),
          col('referral_id', 'uuid'),
          col('eligibility_check_id', 'uuid'),
          col('program_id', 'uuid'),
          col('program_code', 'text'),
          col('status', 'text'),
          col('agreement_signed_on', 'date'),
          col('enrolled_on', 'date'),
          col('deadline', 'date'),
          col('fee_cents', 'bigint'),
          col('required_sessions', 'int'),
          col('certificate_number', 'text'),
          col('closed_on', 'date'),
          col('closed_reason', 'text'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
          col('updated_at', 'localts'),
        ],
        rows: enrollments,
      },
      {
        table: 'enrollment_transitions',
        columns: [
          col('enrollment_id', 'uuid'),
          col('from_status', 'text'),
          col('to_status', 'text'),
          col('reason', 'text'),
          col('note', 'text'),
          col('at', 'localts'),
          col('by_staff_id', 'uuid'),
        ],
        rows: transitions,
      },
      {
        table: 'class_sessions',
        columns: [
          col('id', 'uuid'),
          col('program_id', 'uuid'),
          col('program_code', 'text'),
          col('starts_at', 'localts'),
          col('ends_at', 'localts'),
          col('location', 'text'),
          col('capacity', 'int'),
          col('seats_taken', 'int'),
          col('facilitator_id', 'uuid'),
          col('topic', 'text'),
          col('cancelled_at', 'localts'),
          col('cancelled_by', 'uuid'),
          col('cancel_reason', 'text'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
        ],
        rows: sessionsRows,
      },
      {
        table: 'session_seats',
        columns: [
          col('session_id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('seated_at', 'localts'),
          col('seated_by', 'uuid'),
        ],
        rows: seats,
        // The counter the API keeps with its conditional UPDATE, set once for all seats.
        after: async (client) => {
          await client.query(
            `UPDATE class_sessions c SET seats_taken = x.n
               FROM unnest($1::uuid[], $2::int[]) AS x(id, n) WHERE c.id = x.id AND x.n > 0`,
            [sessionSeatCounts.map((r) => r[0]), sessionSeatCounts.map((r) => r[1])],
          );
        },
      },
      {
        table: 'attendance_records',
        columns: [
          col('session_id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('status', 'text'),
          col('note', 'text'),
          col('recorded_at', 'localts'),
          col('recorded_by', 'uuid'),
        ],
        rows: attendance,
      },
      {
        table: 'attendance_revisions',
        columns: [
          col('session_id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('previous_status', 'text'),
          col('previous_note', 'text'),
          col('new_status', 'text'),
          col('new_note', 'text'),
          col('changed_at', 'localts'),
          col('changed_by', 'uuid'),
        ],
        rows: revisions,
      },
      {
        table: 'waiver_requests',
        columns: [
          col('id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('amount_cents', 'bigint'),
          col('reason', 'text'),
          col('note', 'text'),
          col('status', 'text'),
          col('requested_by', 'uuid'),
          col('requested_at', 'localts'),
        ],
        rows: pendingWaivers,
      },
      {
        table: 'waiver_requests',
        columns: [
          col('id', 'uuid'),
          col('enrollment_id', 'uuid'),
          col('amount_cents', 'bigint'),
          col('reason', 'text'),
          col('note', 'text'),
          col('status', 'text'),
          col('requested_by', 'uuid'),
          col('requested_at', 'localts'),
          col('decided_by', 'uuid'),
          col('decided_at', 'localts'),
          col('decision_note', 'text'),
        ],
        rows: decidedWaivers,
      },
      {
        table: 'ledger_entries',
        columns: entryColumns,
        rows: entries.filter((e) => e.kind !== 'REVERSAL').map(entryRow),
      },
      {
        // After their targets: the reversal trigger looks each target up.
        table: 'ledger_entries',
        columns: entryColumns,
        rows: entries.filter((e) => e.kind === 'REVERSAL').map(entryRow),
        after: async (client) => {
          const ids = waiverApprovals.map((w) => w[0]);
          await client.query(
            `UPDATE waiver_requests w
                SET status = 'APPROVED', decided_by = x.by, decided_at = x.at AT TIME ZONE 'America/Chicago',
                    decision_note = x.note, ledger_entry_id = x.entry
               FROM unnest($1::uuid[], $2::uuid[], $3::timestamp[], $4::text[], $5::uuid[])
                    AS x(id, by, at, note, entry)
              WHERE w.id = x.id`,
            [ids, ...[1, 2, 3, 4].map((i) => waiverApprovals.map((w) => w[i]))],
          );
          const years = [...counters.entries()];
          if (years.length) {
            await client.query(
              `INSERT INTO receipt_counters (year, last_number) SELECT * FROM unnest($1::int[], $2::int[])`,
              [years.map((y) => y[0]), years.map((y) => y[1])],
            );
          }
        },
      },
      {
        table: 'remittance_batches',
        columns: [
          col('id', 'uuid'),
          col('period_end', 'date'),
          col('status', 'text'),
          col('total_cents', 'bigint'),
          col('item_count', 'int'),
          col('transfer_reference', 'text'),
          col('sent_on', 'date'),
          col('created_at', 'localts'),
          col('created_by', 'uuid'),
          col('sent_at', 'localts'),
          col('sent_by', 'uuid'),
          col('voided_at', 'localts'),
          col('voided_by', 'uuid'),
          col('void_reason', 'text'),
        ],
        rows: batches,
      },
      {
        table: 'remittance_items',
        columns: [
          col('batch_id', 'uuid'),
          col('ledger_entry_id', 'uuid'),
          col('amount_cents', 'bigint'),
          col('live', 'bool'),
        ],
        rows: items,
      },
      {
        table: 'audit_events',
        columns: [
          col('id', 'uuid'),
          col('at', 'localts'),
          col('actor_id', 'uuid'),
          col('action', 'text'),
          col('entity_type', 'text'),
          col('entity_id', 'text'),
          col('outcome', 'text'),
          col('status_code', 'int'),
          col('request_id', 'text'),
          col('ip', 'text'),
        ],
        rows: audit.sort((a, b) => ((a[1] as string) < (b[1] as string) ? -1 : 1)),
      },
    ],
  };
}
