import { useQuery } from '@tanstack/react-query';
import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import type { Schemas } from '../api/client';
import { chicagoToday, formatDate, parseDateInput, toDateInput } from '../api/dates';
import { formatCents } from '../api/money';
import { programName } from '../api/queries';
import { DateField, onChecked } from '../app/filters';
import { DataTable, HeadedSection, PagedTable, QueryState, num } from '../app/lists';
import { RequireRole } from '../app/shell';
import { PageHeading, StatusTag, useFormErrors, usePageTitle } from '../app/ui';
import { BarChartFigure, SERIES_LOOKS } from './bar-chart';
import { DownloadCsvButton, NUM, ReportFilters } from './common';
import { BALANCES_PER_PAGE, balancesReport } from './api';

export interface BalancesSearch {
  asOf?: string;
  /** Only enrollments enrolled more than this many days before `asOf` (the work-queue card). */
  olderThanDays?: number;
  page?: number;
}

type BalancesReport = Schemas['BalancesReportDto'];

export const BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export const BUCKET_LABELS: Record<string, string> = {
  '0-30': '0–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

const route = getRouteApi('/reports/balances');

export function BalancesReportPage() {
  usePageTitle('Balances report');
  return (
    <RequireRole roles={['FINANCE', 'SUPERVISOR', 'AUDITOR']}>
      <BalancesReportScreen />
    </RequireRole>
  );
}

function BalancesReportScreen() {
  const search = route.useSearch();
  const asOf = search.asOf ?? chicagoToday();
  const olderThanDays = search.olderThanDays;
  const page = search.page ?? 1;
  const report = useQuery(balancesReport(asOf, olderThanDays, page));
  return (
    <>
      <PageHeading>Balances report</PageHeading>
      <p className="margin-top-0">
        What participants still owe on a day, by how long ago they enrolled.
      </p>
      <AsOfFilter key={asOf} asOf={asOf} olderThanDays={olderThanDays} />
      {olderThanDays !== undefined && (
        <p id="balances-older-than">
          Only enrollments that began more than {olderThanDays} days before this day.{' '}
          <Link to="/reports/balances" search={{ asOf }}>
            Show every balance
          </Link>
        </p>
      )}
      <QueryState query={report} what="the balances report">
        {(data) => <BalancesResult report={data} page={page} />}
      </QueryState>
    </>
  );
}

function AsOfFilter({ asOf, olderThanDays }: { asOf: string; olderThanDays?: number }) {
  const navigate = useNavigate();
  const errors = useFormErrors();
  const [text, setText] = useState(toDateInput(asOf));
  const check = () =>
    parseDateInput(text) ?? [
      { fieldId: 'balances-as-of', message: 'Enter the day as month/day/year' },
    ];
  const submit = onChecked(errors, check, (day) => {
    void navigate({ to: '/reports/balances', search: { asOf: day, olderThanDays } });
  });
  return (
    <ReportFilters errors={errors} onSubmit={submit}>
      <DateField
        id="balances-as-of"
        label="As of"
        hint="Month/day/year. Entries recorded up to the end of this day count."
        className="usa-input--md"
        errors={errors}
        value={text}
        onValue={setText}
      />
    </ReportFilters>
  );
}

function BalancesResult({ report, page }: { report: BalancesReport; page: number }) {
  // The server sends the page asked for and the counts of the whole report.
  const count = report.rowCount;
  const pages = Math.max(1, Math.ceil(count / BALANCES_PER_PAGE));
  const current = Math.min(page, pages);
  const shown = report.rows;
  // A bookmark or a typed address past the last page (the report has shrunk since): the last page.
  const navigate = useNavigate();
  useEffect(() => {
    if (page > pages)
      void navigate({
        to: '/reports/balances',
        search: (s: BalancesSearch) => ({ ...s, page: pages }),
        replace: true,
      });
  }, [page, pages, navigate]);

  return (
    <HeadedSection
      id="balances-result"
      heading={`Balances owed on ${formatDate(report.asOf)}`}
      className="margin-top-4"
    >
      <p id="balances-count">
        <strong>{formatCents(report.totalCents)}</strong> owed on{' '}
        <span className="balances-count__n">{count.toLocaleString('en-US')}</span> enrollment
        {count === 1 ? '' : 's'}.
      </p>
      <div className="report-pair">
        <BarChartFigure
          id="balances-chart"
          title="Balance owed by days since enrollment"
          tableName="Balances by age"
          rows={BUCKETS.map((b) => ({
            group: b,
            label: BUCKET_LABELS[b],
            values: { balanceCents: report.buckets[b] },
          }))}
          series={[{ key: 'balanceCents', label: 'Balance owed', ...SERIES_LOOKS[0] }]}
          format="money"
        />
        <DataTable
          label="Balances by age"
          caption="Balances by age"
          showCaption
          id="balances-buckets"
          regionClassName="report-table"
          stacked={false}
          columns={['Days since enrollment', num('Enrollments'), num('Balance owed')]}
          foot={
            <tr className="report-total">
              <th scope="row">Total</th>
              <td className={NUM}>{count.toLocaleString('en-US')}</td>
              <td className={NUM}>{formatCents(report.totalCents)}</td>
            </tr>
          }
        >
          {BUCKETS.map((b) => (
            <tr key={b} data-group={b}>
              <th scope="row">{BUCKET_LABELS[b]}</th>
              <td className={NUM}>{report.bucketCounts[b].toLocaleString('en-US')}</td>
              <td className={NUM}>{formatCents(report.buckets[b])}</td>
            </tr>
          ))}
        </DataTable>
      </div>

      <h3 className="margin-top-4">Each balance owed</h3>
      {count === 0 ? (
        <p>Nobody owes anything on this day.</p>
      ) : (
        <PagedTable
          paging={{
            page: current,
            limit: BALANCES_PER_PAGE,
            total: count,
            to: '/reports/balances',
            label: 'Pages of balances',
          }}
          noun="balances"
          rows={shown.length}
          label="Each balance owed"
          caption="Each balance owed, the oldest enrollments first"
          id="balances-rows"
          regionClassName="report-table"
          columns={[
            'Participant',
            'Program',
            'Status',
            'Enrolled on',
            num('Days'),
            num('Balance owed'),
          ]}
        >
          {shown.map((r) => (
            <tr key={r.enrollmentId}>
              <th scope="row" data-label="Participant">
                <Link
                  to="/records/$entityType/$entityId"
                  params={{ entityType: 'enrollment', entityId: r.enrollmentId }}
                  search={{ tab: 'ledger' }}
                >
                  {r.participantName}
                </Link>
              </th>
              <td data-label="Program">{programName(r.programCode)}</td>
              <td data-label="Status">
                <StatusTag status={r.status} />
              </td>
              <td data-label="Enrolled on">{formatDate(r.enrolledOn)}</td>
              <td data-label="Days" className={NUM}>
                {r.ageDays}
              </td>
              <td data-label="Balance owed" className={NUM}>
                {formatCents(r.balanceCents)}
              </td>
            </tr>
          ))}
        </PagedTable>
      )}
      <DownloadCsvButton
        path="/api/v1/reports/balances"
        query={{ asOf: report.asOf, format: 'csv' }}
        filename={`balances-${report.asOf}.csv`}
      />
    </HeadedSection>
  );
}
