import { addDays } from '../../src/common/dates';
import { followUpDueOn } from '../../src/follow-ups/follow-up-dates';
import { ApiFactory, chicagoToday, EnrollmentFixture } from './api-factory';
import { TestDatabase } from './app';

/**
 * Exits for the follow-up tests. An enrollment ends through the API (its exit day is the day of
 * the transition); a test that needs it to have ended a year or two ago then moves that day back
 * here, as the owner, which the API cannot do — the only thing written past the API.
 */
export class FollowUpWorld {
  constructor(
    private readonly db: TestDatabase,
    readonly make: ApiFactory,
  ) {}

  /** An enrollment that ended (WITHDRAWN unless told) on `on` (default: today). */
  async exited(
    opts: {
      on?: string;
      to?: 'WITHDRAWN' | 'TERMINATED';
      programCode?: 'JOHNZ_SCHOOL' | 'OAR';
    } = {},
  ): Promise<EnrollmentFixture & { exitedOn: string }> {
    // Enrolled a month before the exit, so that the record reads in order.
    const e = await this.make.enroll({
      programCode: opts.programCode,
      ...(opts.on ? { enrolledOn: addDays(opts.on, -30) } : {}),
    });
    const to = opts.to ?? 'WITHDRAWN';
    const res = await this.make.intake.post(`/enrollments/${e.enrollmentId}/transitions`, {
      to,
      ...(to === 'TERMINATED' ? { reason: 'NON_COMPLIANCE' } : {}),
    });
    if (res.status !== 200)
      throw new Error(`transition: ${res.status} ${JSON.stringify(res.body)}`);
    const exitedOn = opts.on ?? res.body.closedOn;
    if (opts.on) await this.backdateExit(e.enrollmentId, opts.on);
    return { ...e, exitedOn };
  }

  /** The enrollment ended on `on` instead (as if the transition had been made that day). */
  async backdateExit(enrollmentId: string, on: string): Promise<void> {
    await this.db.query(
      `UPDATE enrollments SET closed_on = $2::date WHERE id = $1 AND status <> 'ACTIVE'`,
      [enrollmentId, on],
    );
  }

  resultsOf(enrollmentId: string): Promise<{ n: number }> {
    return this.db.one(
      `SELECT count(*)::int AS n FROM follow_up_results WHERE enrollment_id = $1`,
      [enrollmentId],
    );
  }
}

/**
 * The latest exit day whose `months`-month check is due by `today`: an exit one day later is
 * not due yet. (On 29 February no 12-month check falls due: this is then the 28th's exit, a
 * year back.)
 */
export function lastExitDueBy(today: string, months: 12 | 24): string {
  let d = today;
  while (followUpDueOn(d, months) > today) d = addDays(d, -1);
  return d;
}

export { chicagoToday, followUpDueOn, addDays };
