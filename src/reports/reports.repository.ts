import { Injectable } from '@nestjs/common';
import { centsFromDb, countFromDb } from '../common/money';
import { rows, Tx, TransactionHost } from '../common/transactions';
import {
  AgingBucket,
  BalanceRowDto,
  FeeFiguresDto,
  FeeGrouping,
  FeeRowDto,
  OutcomeRowDto,
} from './report.dto';
import { FollowUpCells } from './follow-up-suppression';
import {
  BALANCES_OVER_90_COUNT_SQL,
  BALANCES_SQL,
  BALANCES_TODAY_SQL,
  balancesBucketsSql,
  balancesPageSql,
  feeReportSql,
  FOLLOW_UP_REPORT_SQL,
  OUTCOMES_SQL,
} from './report-sql';

interface BalanceRow {
  enrollment_id: string;
  participant_name: string | null;
  record_closed: boolean;
  program_code: string;
  status: string;
  enrolled_on: string;
  balance: string;
  age_days: number;
  bucket: AgingBucket;
}

interface FeeRow {
  grp: string | null;
  is_total: boolean;
  assessed: string;
  collected: string;
  waived: string;
  refunded: string;
  reversed: string;
  net: string;
  remitted: string;
  in_draft: string;
}

interface OutcomeRow {
  grp: string;
  referrals: string;
  eligible: string;
  ineligible: string;
  by_reason: Record<string, number> | null;
  enrolled: string;
  completed: string;
  terminated: string;
  withdrawn: string;
  median_days: number | null;
  overdue: string;
}

interface FollowUpCountRow {
  program_code: string;
  status: string;
  exits: string;
  similar: string;
  other: string;
  no_new_charge: string;
  unable: string;
}

/** The counts of one outcome group, without the figures the service derives from them. */
export type OutcomeCounts = Omit<OutcomeRowDto, 'programCode' | 'completionRate'>;

const toBalanceRowDto = (r: BalanceRow): BalanceRowDto => ({
  enrollmentId: r.enrollment_id,
  participantName: r.record_closed ? null : r.participant_name,
  recordClosed: r.record_closed,
  programCode: r.program_code,
  status: r.status,
  enrolledOn: r.enrolled_on,
  balanceCents: centsFromDb(r.balance),
  ageDays: r.age_days,
  bucket: r.bucket,
});

const missingTotals = (): never => {
  throw new Error('The fee report answered no total row.');
};

function toFeeFiguresDto(r: FeeRow): FeeFiguresDto {
  const net = centsFromDb(r.net);
  const remitted = centsFromDb(r.remitted);
  const inDraft = centsFromDb(r.in_draft);
  return {
    assessedCents: centsFromDb(r.assessed),
    collectedCents: centsFromDb(r.collected),
    waivedCents: centsFromDb(r.waived),
    refundedCents: centsFromDb(r.refunded),
    reversedCents: centsFromDb(r.reversed),
    netCollectedCents: net,
    remittedCents: remitted,
    inDraftBatchCents: inDraft,
    pendingRemittanceCents: net - remitted - inDraft,
  };
}

const toOutcomeCounts = (r: OutcomeRow): OutcomeCounts => ({
  referrals: countFromDb(r.referrals),
  eligible: countFromDb(r.eligible),
  ineligible: countFromDb(r.ineligible),
  ineligibleByReason: r.by_reason ?? {},
  enrolled: countFromDb(r.enrolled),
  completed: countFromDb(r.completed),
  terminated: countFromDb(r.terminated),
  withdrawn: countFromDb(r.withdrawn),
  medianDaysToComplete: r.median_days,
  overdue: countFromDb(r.overdue),
});

/** The report queries (their text is in report-sql.ts, shared with `npm run bench`). */
@Injectable()
export class ReportsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** Enrollments owing something at the end of asOf, oldest enrollment first. */
  /** How many rows of the balances report as of `asOf` fall in its "90+" bucket (the work queue). */
  async balancesOver90(asOf: string): Promise<number> {
    const [row] = await rows<{ n: string }>(this.txHost, BALANCES_OVER_90_COUNT_SQL, [asOf]);
    return countFromDb(row?.n);
  }

  /** `today`: asOf is today, whose balances the database keeps (BALANCES_TODAY_SQL). */
  async balances(asOf: string, today = false): Promise<BalanceRowDto[]> {
    const sql = today ? BALANCES_TODAY_SQL : BALANCES_SQL;
    return (await rows<BalanceRow>(this.tx, sql, [asOf])).map(toBalanceRowDto);
  }

  /**
   * One page of the balances report (`olderThanDays`: only rows with ageDays above it), and per
   * bucket the number of rows and their sum over the whole report: two statements at once.
   */
  async balancesPage(
    asOf: string,
    today: boolean,
    olderThanDays: number | undefined,
    limit: number,
    offset: number,
  ): Promise<{
    rows: BalanceRowDto[];
    buckets: { bucket: AgingBucket; n: number; cents: number }[];
  }> {
    const older = olderThanDays ?? null;
    const [page, buckets] = await Promise.all([
      rows<BalanceRow>(this.tx, balancesPageSql(today), [asOf, older, limit, offset]),
      rows<{ bucket: AgingBucket; n: string; cents: string }>(this.tx, balancesBucketsSql(today), [
        asOf,
        older,
      ]),
    ]);
    return {
      rows: page.map(toBalanceRowDto),
      buckets: buckets.map((b) => ({
        bucket: b.bucket,
        n: countFromDb(b.n),
        cents: centsFromDb(b.cents),
      })),
    };
  }

  /** The fee figures per group of the entries dated from `from` to `to`, and over all groups. */
  async fees(
    groupBy: FeeGrouping,
    from: string,
    to: string,
  ): Promise<{ rows: FeeRowDto[]; totals: FeeFiguresDto }> {
    const found = await rows<FeeRow>(this.tx, feeReportSql(groupBy), [from, to]);
    return {
      rows: found
        .filter((r) => !r.is_total)
        .map((r) => ({ group: r.grp ?? '(none)', ...toFeeFiguresDto(r) })),
      // The empty grouping set answers its row over no entries too (sums coalesced to 0).
      totals: toFeeFiguresDto(found.find((r) => r.is_total) ?? missingTotals()),
    };
  }

  /** Counts per group (program code, UNASSIGNED or INELIGIBLE) that has referrals created in the range. */
  async outcomes(from: string, to: string, asOf: string): Promise<Map<string, OutcomeCounts>> {
    const found = await rows<OutcomeRow>(this.tx, OUTCOMES_SQL, [from, to, asOf]);
    return new Map(found.map((r) => [r.grp, toOutcomeCounts(r)]));
  }

  /**
   * The follow-up report's categories per `programCode|exitStatus` of the enrollments that ended
   * from `exitFrom` to `exitTo`, by the latest result of their `months`-month check.
   */
  async followUpCells(
    exitFrom: string,
    exitTo: string,
    months: number,
  ): Promise<Map<string, FollowUpCells>> {
    const found = await rows<FollowUpCountRow>(this.tx, FOLLOW_UP_REPORT_SQL, [
      exitFrom,
      exitTo,
      months,
    ]);
    return new Map(
      found.map((r) => {
        const exits = countFromDb(r.exits);
        const similar = countFromDb(r.similar);
        const other = countFromDb(r.other);
        const noNewCharge = countFromDb(r.no_new_charge);
        const unable = countFromDb(r.unable);
        const cells: FollowUpCells = {
          similar,
          other,
          noNewCharge,
          unable,
          notChecked: exits - similar - other - noNewCharge - unable,
        };
        return [`${r.program_code}|${r.status}`, cells];
      }),
    );
  }
}
