import { Injectable } from '@nestjs/common';
import { AuditQueryService } from '../audit/audit-query.service';
import { Clock } from '../common/clock';
import { AuthenticatedStaff } from '../common/request-context';
import { StaffRole } from '../common/roles';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { LedgerService } from '../ledger/ledger.service';
import { ReversalRequestService } from '../ledger/reversal-request.service';
import { WaiverRequestService } from '../ledger/waiver-request.service';
import { ReferralsService } from '../referrals/referrals.service';
import { SessionsService } from '../sessions/sessions.service';
import { WorkQueueCardDto, WorkQueueDto, WorkQueueKey } from './work-queue.dto';
import { BalancesReportService } from '../reports/balances-report.service';
import { FollowUpsService } from '../follow-ups/follow-ups.service';

interface CardSpec {
  key: WorkQueueKey;
  role: StaffRole;
  path: string;
  query: Record<string, string>;
  count: () => Promise<number>;
}

/**
 * The home page's counts, for the caller's roles only. Each count asks the service of the list
 * it links to with that list's own filter, so a card's number is the list's `total`.
 */
@Injectable()
export class WorkQueueService {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly enrollments: EnrollmentsService,
    private readonly sessions: SessionsService,
    private readonly ledger: LedgerService,
    private readonly waiverRequests: WaiverRequestService,
    private readonly reversalRequests: ReversalRequestService,
    private readonly auditEvents: AuditQueryService,
    private readonly balances: BalancesReportService,
    private readonly followUps: FollowUpsService,
    private readonly clock: Clock,
  ) {}

  async forStaff(user: AuthenticatedStaff): Promise<WorkQueueDto> {
    const now = this.clock.now();
    const today = this.clock.today();
    const until = now.toISOString();
    const since = new Date(now.getTime() - 86_400_000).toISOString();
    // Checks due 12 or 24 months after an exit with no result yet: INTAKE's and SUPERVISOR's work,
    // one card for a caller with both roles (under the first).
    const followUpsDue = (role: StaffRole): CardSpec => ({
      key: 'followUpsDue',
      role,
      path: '/follow-ups',
      query: { status: 'DUE' },
      count: () => this.followUps.countDue(),
    });
    const specs: CardSpec[] = [
      {
        key: 'referralsAwaitingCheck',
        role: 'INTAKE',
        path: '/referrals',
        query: { needsCheck: 'true' },
        count: () => this.referrals.count({ needsCheck: true }),
      },
      {
        key: 'eligibleNotEnrolled',
        role: 'INTAKE',
        path: '/referrals',
        query: { eligibleNotEnrolled: 'true' },
        count: () => this.referrals.count({ eligibleNotEnrolled: true }),
      },
      {
        key: 'enrolledWithoutSeat',
        role: 'INTAKE',
        path: '/enrollments',
        query: { status: 'ACTIVE', unseated: 'true' },
        count: () => this.enrollments.count({ status: 'ACTIVE', unseated: true, now }),
      },
      followUpsDue('INTAKE'),
      {
        key: 'mySessionsToday',
        role: 'FACILITATOR',
        path: '/sessions',
        query: { facilitatorId: user.id, on: today, cancelled: 'false' },
        count: () => this.sessions.count({ facilitatorId: user.id, on: today, cancelled: 'false' }),
      },
      {
        key: 'paymentsToday',
        role: 'FINANCE',
        path: '/ledger-entries',
        query: { kind: 'PAYMENT', receivedOn: today },
        count: () => this.ledger.count({ kind: 'PAYMENT', receivedOn: today }),
      },
      {
        // The rows of the balances report as of today enrolled more than 90 days before.
        key: 'balancesOver90',
        role: 'FINANCE',
        path: '/reports/balances',
        query: { asOf: today, olderThanDays: '90' },
        count: () => this.balances.countOver90(today),
      },
      {
        key: 'waiverRequestsWaiting',
        role: 'SUPERVISOR',
        path: '/waiver-requests',
        query: { status: 'PENDING' },
        count: () => this.waiverRequests.count({ status: 'PENDING' }),
      },
      {
        // Its own card, not counted with the waivers: each card counts exactly its list.
        key: 'reversalRequestsWaiting',
        role: 'SUPERVISOR',
        path: '/reversal-requests',
        query: { status: 'PENDING' },
        count: () => this.reversalRequests.count({ status: 'PENDING' }),
      },
      {
        key: 'sessionsWithoutAttendance',
        role: 'SUPERVISOR',
        path: '/sessions',
        query: { withoutAttendance: 'true' },
        count: () => this.sessions.count({ withoutAttendance: 'true' }),
      },
      {
        key: 'enrollmentsPastDeadline',
        role: 'SUPERVISOR',
        path: '/enrollments',
        query: { status: 'ACTIVE', overdue: 'true' },
        count: () => this.enrollments.count({ status: 'ACTIVE', overdueOn: today }),
      },
      followUpsDue('SUPERVISOR'),
      {
        key: 'recentActivity',
        role: 'AUDITOR',
        // The last 24 hours up to the moment counted: events written later are not in the list.
        path: '/audit-events',
        query: { from: since, to: until },
        count: () => this.auditEvents.count({ atOrAfter: since, atOrBefore: until }),
      },
    ];
    const cards: WorkQueueCardDto[] = [];
    // One after another: a handful of cheap counts should not hold several pool connections.
    for (const spec of specs.filter((s) => user.roles.includes(s.role))) {
      if (cards.some((c) => c.key === spec.key)) continue;
      cards.push({
        key: spec.key,
        role: spec.role,
        count: await spec.count(),
        list: { path: spec.path, query: spec.query },
      });
    }
    return { cards };
  }
}
