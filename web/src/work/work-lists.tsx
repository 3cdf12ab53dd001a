import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api } from '../api/client';
import { formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { data, programName, useStaffName } from '../api/queries';
import { checkLabel, type ReferralSummary } from '../referrals/referrals-tab';
import { METHOD_LABELS } from '../ledger/ledger-tab';
import { RequireRole } from '../app/shell';
import { LoadFailed, Loading, PageHeading, StatusTag, usePageTitle } from '../app/ui';
import { Pager } from '../app/pager';

const LIMIT = 50;

// ---- referrals ---------------------------------------------------------------------------

export type ReferralFilter = 'needsCheck' | 'eligibleNotEnrolled';
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
  const list = useQuery({
    queryKey: ['work-referrals', filter, page],
    queryFn: () =>
      data(
        api.GET('/api/v1/referrals', {
          params: { query: { [filter]: 'true', page, limit: LIMIT } as never },
        }),
      ),
  });
  return (
    <>
      <PageHeading>{REFERRAL_TITLES[filter]}</PageHeading>
      <p>
        {filter === 'needsCheck'
          ? 'Referrals not yet enrolled whose eligibility has not been checked, or whose screening facts changed after the last check.'
          : 'Referrals whose latest check is eligible and current, for people not yet enrolled.'}
      </p>
      {list.isPending && <Loading what="referrals" />}
      {list.isError && <LoadFailed error={list.error} what="referrals" />}
      {list.isSuccess && list.data.total === 0 && <p>Nothing is waiting here.</p>}
      {list.isSuccess && list.data.total > 0 && (
        <>
          <div
            className="usa-table-container--scrollable"
            tabIndex={0}
            aria-label={REFERRAL_TITLES[filter]}
          >
            <table className="usa-table usa-table--borderless usa-table--stacked width-full">
              <caption className="usa-sr-only">
                {REFERRAL_TITLES[filter]}, newest first: {list.data.total}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Case number</th>
                  <th scope="col">Court</th>
                  <th scope="col">Eligibility</th>
                  <th scope="col">Referred</th>
                </tr>
              </thead>
              <tbody>
                {(
                  list.data.items as unknown as (ReferralSummary & {
                    participantId: string;
                    participantName: string;
                    createdAt: string;
                  })[]
                ).map((r) => {
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
                      <td data-label="Court">{r.jurisdiction}</td>
                      <td data-label="Eligibility">
                        <span className={`usa-tag ${label.tone}`}>{label.text}</span>
                      </td>
                      <td data-label="Referred">{formatTimestamp(r.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager
            page={page}
            limit={LIMIT}
            total={list.data.total}
            label="Pages of referrals"
            to="/work/referrals"
          />
        </>
      )}
    </>
  );
}

// ---- enrollments -------------------------------------------------------------------------

export type EnrollmentFilter = 'unseated' | 'overdue';
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
  const list = useQuery({
    queryKey: ['work-enrollments', filter, page],
    queryFn: () =>
      data(
        api.GET('/api/v1/enrollments', {
          params: { query: { status: 'ACTIVE', [filter]: 'true', page, limit: LIMIT } as never },
        }),
      ),
  });
  return (
    <>
      <PageHeading>{ENROLLMENT_TITLES[filter]}</PageHeading>
      <p>
        {filter === 'unseated'
          ? 'Active enrollments with no seat in a future session. Give each a seat from a session of its program.'
          : 'Active enrollments whose completion deadline has passed. Review each: complete it, or terminate it for a missed deadline.'}
      </p>
      {list.isPending && <Loading what="enrollments" />}
      {list.isError && <LoadFailed error={list.error} what="enrollments" />}
      {list.isSuccess && list.data.total === 0 && <p>Nothing is waiting here.</p>}
      {list.isSuccess && list.data.total > 0 && (
        <>
          <div
            className="usa-table-container--scrollable"
            tabIndex={0}
            aria-label={ENROLLMENT_TITLES[filter]}
          >
            <table className="usa-table usa-table--borderless usa-table--stacked width-full">
              <caption className="usa-sr-only">
                {ENROLLMENT_TITLES[filter]}: {list.data.total}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Program</th>
                  <th scope="col">Status</th>
                  <th scope="col">Deadline</th>
                  <th scope="col">Sessions</th>
                  <th scope="col" className="text-right">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
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
              </tbody>
            </table>
          </div>
          <Pager
            page={page}
            limit={LIMIT}
            total={list.data.total}
            label="Pages of enrollments"
            to="/work/enrollments"
          />
        </>
      )}
    </>
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
  const list = useQuery({
    queryKey: ['work-payments', on, page],
    queryFn: () =>
      data(
        api.GET('/api/v1/ledger-entries', {
          params: { query: { kind: 'PAYMENT', receivedOn: on, page, limit: LIMIT } as never },
        }),
      ),
  });
  const total = list.data?.items.reduce((sum, e) => sum + e.amountCents, 0) ?? 0;
  return (
    <>
      <PageHeading>Payments received {formatDate(on)}</PageHeading>
      {list.isPending && <Loading what="payments" />}
      {list.isError && <LoadFailed error={list.error} what="payments" />}
      {list.isSuccess && list.data.total === 0 && <p>No payment was received on this day.</p>}
      {list.isSuccess && list.data.total > 0 && (
        <>
          <p>
            {list.data.total} payment{list.data.total === 1 ? '' : 's'}
            {list.data.total <= LIMIT ? `, ${formatCents(total)} in all` : ''}.
          </p>
          <div className="usa-table-container--scrollable" tabIndex={0} aria-label="Payments">
            <table className="usa-table usa-table--borderless usa-table--stacked width-full">
              <caption className="usa-sr-only">
                Payments received on {formatDate(on)}, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Receipt</th>
                  <th scope="col">Participant</th>
                  <th scope="col">Program</th>
                  <th scope="col">Method</th>
                  <th scope="col" className="text-right">
                    Amount
                  </th>
                  <th scope="col">Recorded by</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
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
              </tbody>
            </table>
          </div>
          <Pager
            page={page}
            limit={LIMIT}
            total={list.data.total}
            label="Pages of payments"
            to="/work/payments"
          />
        </>
      )}
    </>
  );
}
