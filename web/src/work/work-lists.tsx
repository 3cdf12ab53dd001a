import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { programName, useStaffName } from '../api/queries';
import { checkLabel } from '../referrals/parts';
import { METHOD_LABELS } from '../ledger/api';
import { ListStatus, Pager } from '../app/pager';
import { RequireRole } from '../app/shell';
import { LoadFailed, Loading, PageHeading, StatusTag, usePageTitle } from '../app/ui';
import {
  paymentsOnQuery,
  workEnrollmentsQuery,
  workReferralsQuery,
  type EnrollmentFilter,
  type ReferralFilter,
} from './api';
import { DataTable, num } from '../app/lists';

// The lists behind the home page's cards: each asks the API's list with the card's filter, so
// its total is the card's count.

const LIMIT = 50;

// ---- referrals ---------------------------------------------------------------------------

export type { ReferralFilter } from './api';
const REFERRAL_TITLES: Record<ReferralFilter, string> = {
  needsCheck: 'Referrals waiting for a check',
  eligibleNotEnrolled: 'Eligible, not enrolled',
};
const referralRoute = getRouteApi('/work/referrals');

export function ReferralWorkListPage() {
  const { filter, page = 1 } = referralRoute.useSearch();
  usePageTitle(REFERRAL_TITLES[filter]);
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR', 'AUDITOR']}>
      <ReferralWorkList filter={filter} page={page} />
    </RequireRole>
  );
}

function ReferralWorkList({ filter, page }: { filter: ReferralFilter; page: number }) {
  const title = REFERRAL_TITLES[filter];
  const list = useQuery(workReferralsQuery(filter, page, LIMIT));
  return (
    <WorkList
      title={title}
      intro={
        filter === 'needsCheck'
          ? 'Referrals not yet enrolled whose eligibility has not been checked, or whose screening facts changed after the last check.'
          : 'Referrals whose latest check is eligible and current, for people not yet enrolled.'
      }
      list={list}
      what="referrals"
      noun="referrals, newest first"
      page={page}
      to="/work/referrals"
    >
      {(items) => (
        <DataTable
          label={title}
          caption={`${title}, newest first`}
          columns={['Participant', 'Case number', 'Court', 'Eligibility', 'Referred']}
        >
          {items.map((r) => {
            const label = checkLabel(r);
            return (
              <tr key={r.id}>
                <th scope="row" data-label="Participant">
                  <Link
                    to="/participants/$participantId"
                    params={{ participantId: r.participantId }}
                  >
                    {r.participantName}
                  </Link>
                </th>
                <td data-label="Case number">
                  <Link to="/referrals/$referralId" params={{ referralId: r.id }}>
                    {r.caseNumber}
                  </Link>
                </td>
                <td data-label="Court">{r.courtName}</td>
                <td data-label="Eligibility">
                  <span className={`usa-tag ${label.tone}`}>{label.text}</span>
                </td>
                <td data-label="Referred">{formatTimestamp(r.createdAt)}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </WorkList>
  );
}

// ---- enrollments -------------------------------------------------------------------------

export type { EnrollmentFilter } from './api';
const ENROLLMENT_TITLES: Record<EnrollmentFilter, string> = {
  unseated: 'Enrolled without a seat',
  overdue: 'Enrollments past their deadline',
};
const enrollmentRoute = getRouteApi('/work/enrollments');

export function EnrollmentWorkListPage() {
  const { filter, page = 1 } = enrollmentRoute.useSearch();
  usePageTitle(ENROLLMENT_TITLES[filter]);
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR']}>
      <EnrollmentWorkList filter={filter} page={page} />
    </RequireRole>
  );
}

function EnrollmentWorkList({ filter, page }: { filter: EnrollmentFilter; page: number }) {
  const title = ENROLLMENT_TITLES[filter];
  const list = useQuery(workEnrollmentsQuery(filter, page, LIMIT));
  return (
    <WorkList
      title={title}
      intro={
        filter === 'unseated'
          ? 'Active enrollments with no seat in a future session. Give each a seat from a session of its program.'
          : 'Active enrollments whose completion deadline has passed. Review each: complete it, or terminate it for a missed deadline.'
      }
      list={list}
      what="enrollments"
      noun="enrollments"
      page={page}
      to="/work/enrollments"
    >
      {(items) => (
        <DataTable
          label={title}
          caption={title}
          columns={['Participant', 'Program', 'Status', 'Deadline', 'Sessions', num('Balance')]}
        >
          {items.map((e) => (
            <tr key={e.id}>
              <th scope="row" data-label="Participant">
                <Link
                  to="/participants/$participantId"
                  params={{ participantId: e.participantId }}
                  search={{ tab: 'enrollment' }}
                >
                  {e.participantName}
                </Link>
              </th>
              <td data-label="Program">{programName(e.programCode)}</td>
              <td data-label="Status">
                <StatusTag status={e.status} />
              </td>
              <td data-label="Deadline">{formatDate(e.deadline)}</td>
              <td data-label="Sessions">
                {e.attendedSessions} of {e.requiredSessions}
              </td>
              <td data-label="Balance" className="text-right text-tabular">
                {formatCents(e.balanceCents)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </WorkList>
  );
}

// ---- payments ----------------------------------------------------------------------------

const paymentsRoute = getRouteApi('/work/payments');

export function PaymentsListPage() {
  usePageTitle('Payments');
  return (
    <RequireRole roles={['FINANCE', 'SUPERVISOR', 'AUDITOR']}>
      <PaymentsList />
    </RequireRole>
  );
}

function PaymentsList() {
  const { on, page = 1 } = paymentsRoute.useSearch();
  const staffName = useStaffName();
  const list = useQuery(paymentsOnQuery(on, page, LIMIT));
  return (
    <WorkList
      title={`Payments received ${formatDate(on)}`}
      list={list}
      what="payments"
      noun="payments, newest first"
      empty="No payment was received on this day."
      page={page}
      to="/work/payments"
    >
      {(items, total) => (
        <>
          {total <= LIMIT && (
            <p>
              {formatCents(items.reduce((cents, e) => cents + e.amountCents, 0))} received in all.
            </p>
          )}
          <DataTable
            label="Payments"
            caption={`Payments received on ${formatDate(on)}`}
            columns={['Receipt', 'Participant', 'Program', 'Method', num('Amount'), 'Recorded by']}
          >
            {items.map((e) => (
              <tr key={e.id}>
                <th scope="row" data-label="Receipt">
                  {e.receiptNumber ?? '—'}
                </th>
                <td data-label="Participant">
                  <Link
                    to="/records/$entityType/$entityId"
                    params={{ entityType: 'enrollment', entityId: e.enrollmentId }}
                    search={{ tab: 'ledger' }}
                  >
                    {e.participantName}
                  </Link>
                </td>
                <td data-label="Program">{programName(e.programCode)}</td>
                <td data-label="Method">
                  {e.method ? (METHOD_LABELS[e.method] ?? e.method) : '—'}
                </td>
                <td data-label="Amount" className="text-right text-tabular">
                  {formatCents(e.amountCents)}
                </td>
                <td data-label="Recorded by">{staffName(e.createdBy)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </WorkList>
  );
}

// ---- the frame of each list --------------------------------------------------------------

/**
 * A work list: its heading and what it lists, then the page of rows (`children` draws them) with
 * where the reader is, or that nothing is waiting; the pager keeps `page` in the URL.
 */
function WorkList<T>({
  title,
  intro,
  list,
  what,
  noun,
  empty = 'Nothing is waiting here.',
  page,
  to,
  children,
}: {
  title: string;
  intro?: string;
  list: UseQueryResult<{ items: T[]; total: number }>;
  what: string;
  noun: string;
  empty?: string;
  page: number;
  to: '/work/referrals' | '/work/enrollments' | '/work/payments';
  children: (items: T[], total: number) => ReactNode;
}) {
  return (
    <>
      <PageHeading>{title}</PageHeading>
      {intro && <p>{intro}</p>}
      {list.isPending && <Loading what={what} />}
      {list.isError && <LoadFailed error={list.error} what={what} />}
      {list.isSuccess && (
        <>
          <ListStatus page={page} limit={LIMIT} total={list.data.total} noun={noun} empty={empty} />
          {list.data.items.length > 0 && children(list.data.items, list.data.total)}
          <Pager
            page={page}
            limit={LIMIT}
            total={list.data.total}
            label={`Pages of ${what}`}
            to={to}
          />
        </>
      )}
    </>
  );
}
