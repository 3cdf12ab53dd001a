import { Link, linkOptions } from '@tanstack/react-router';
import type { Schemas } from '../api/client';
import { chicagoToday, formatDate } from '../api/dates';
import { useSession, type Role } from '../api/session';
import { useWorkQueue } from '../work/api';
import { roleNames } from './shell';
import { LoadFailed, Loading, PageHeading, usePageTitle } from './ui';

export type WorkCard = Schemas['WorkQueueCardDto'];

/** The visible label of each card (CONSOLE.md, screen 2). */
export const CARD_LABELS: Record<WorkCard['key'], string> = {
  referralsAwaitingCheck: 'Referrals waiting for a check',
  eligibleNotEnrolled: 'Eligible, not enrolled',
  enrolledWithoutSeat: 'Enrolled without a seat',
  mySessionsToday: 'My sessions today',
  paymentsToday: 'Payments today',
  balancesOver90: 'Balances over 90 days',
  waiverRequestsWaiting: 'Waiver requests waiting',
  reversalRequestsWaiting: 'Reversal requests waiting',
  sessionsWithoutAttendance: 'Sessions with no attendance recorded',
  enrollmentsPastDeadline: 'Enrollments past their deadline',
  recentActivity: 'Recent activity',
  followUpsDue: 'Follow-up checks due',
};

const ROLE_ORDER: Role[] = ['INTAKE', 'FACILITATOR', 'FINANCE', 'SUPERVISOR', 'AUDITOR', 'ADMIN'];

export function HomePage() {
  usePageTitle('Home');
  const { user } = useSession();
  const queue = useWorkQueue();
  const roles = ROLE_ORDER.filter((r) => user?.roles.includes(r));
  return (
    <>
      <PageHeading>Good to see you, {user?.displayName}</PageHeading>
      <p className="usa-intro margin-top-0">
        Your work for {formatDate(chicagoToday())} · {roleNames(user?.roles ?? [])}
      </p>
      {queue.isPending && <Loading what="your work queue" />}
      {queue.isError && <LoadFailed error={queue.error} what="your work queue" />}
      {queue.isSuccess &&
        roles.map((role) => {
          const cards = queue.data.filter((c) => c.role === role);
          if (!cards.length) return null;
          return (
            <section key={role} aria-labelledby={`queue-${role}`} className="margin-bottom-4">
              <h2 id={`queue-${role}`}>{roleNames([role])}</h2>
              <ul className="usa-card-group work-cards">
                {cards.map((c) => (
                  <li key={c.key} className="usa-card mobile-lg:grid-col-6 desktop:grid-col-4">
                    <div className="usa-card__container">
                      <div className="usa-card__body">
                        <h3 className="work-card__label">
                          <Link {...cardList(c)}>{CARD_LABELS[c.key] ?? c.key}</Link>
                        </h3>
                        <p className="work-card__count">{c.count.toLocaleString('en-US')}</p>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      {queue.isSuccess &&
        roles.includes('ADMIN') &&
        !queue.data.some((c) => c.role === 'ADMIN') && (
          <p>As an administrator you manage staff accounts and program settings.</p>
        )}
      {queue.isSuccess && (roles.includes('INTAKE') || roles.includes('SUPERVISOR')) && (
        <p>
          <Link to="/participants/new" className="usa-button usa-button--outline">
            Register a participant
          </Link>
        </p>
      )}
    </>
  );
}

/**
 * The console screen that lists what a card counts. GET /work-queue names each card's API list
 * and query; the screen asks that list with the same filter (today, as of today, since the time
 * the API counted from), so its rows or total are the card's count.
 */
function cardList({ key, list: { query } }: WorkCard) {
  switch (key) {
    case 'referralsAwaitingCheck':
      return linkOptions({ to: '/work/referrals', search: { filter: 'needsCheck' } });
    case 'eligibleNotEnrolled':
      return linkOptions({ to: '/work/referrals', search: { filter: 'eligibleNotEnrolled' } });
    case 'enrolledWithoutSeat':
      return linkOptions({ to: '/work/enrollments', search: { filter: 'unseated' } });
    case 'enrollmentsPastDeadline':
      return linkOptions({ to: '/work/enrollments', search: { filter: 'overdue' } });
    case 'mySessionsToday':
      return linkOptions({ to: '/my-sessions' });
    case 'sessionsWithoutAttendance':
      return linkOptions({ to: '/sessions', search: { withoutAttendance: 'true' } });
    case 'paymentsToday':
      return linkOptions({
        to: '/work/payments',
        search: { on: query.receivedOn ?? chicagoToday() },
      });
    case 'balancesOver90':
      return linkOptions({
        to: '/reports/balances',
        search: { asOf: query.asOf, olderThanDays: Number(query.olderThanDays) },
      });
    case 'waiverRequestsWaiting':
    case 'reversalRequestsWaiting':
      return linkOptions({ to: '/approvals' });
    case 'recentActivity':
      return linkOptions({ to: '/audit', search: { from: query.from } });
    case 'followUpsDue':
      // Both checks (no months), as the card counts them.
      return linkOptions({ to: '/follow-ups', search: { status: 'DUE' } });
  }
}
