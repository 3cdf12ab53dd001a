import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { Schemas } from '../api/client';
import { formatDate } from '../api/dates';
import { formatCents } from '../api/money';
import { programName } from '../api/queries';
import { METHOD_LABELS } from '../ledger/api';
import { RequireRole } from '../app/shell';
import { onChecked, useDateRange } from '../app/filters';
import { HeadedSection, QueryState, num } from '../app/lists';
import { PageHeading, RadioGroup, useFormErrors, usePageTitle } from '../app/ui';
import { BarChartFigure, SERIES_LOOKS, type ChartSeries } from './bar-chart';
import {
  DownloadCsvButton,
  NUM,
  ReportDates,
  ReportFilters,
  ReportTable,
  monthLabel,
  shortDay,
} from './common';
import { GROUPINGS, type Grouping } from './groupings';
import { feesQueryOf, feesReport } from './api';

export { GROUPINGS, type Grouping };

type FeeReport = Schemas['FeeReportDto'];
type FeeRow = Schemas['FeeRowDto'];

const GROUP_OPTIONS: { value: Grouping; label: string }[] = [
  { value: 'program', label: 'Program' },
  { value: 'method', label: 'Payment method' },
  { value: 'month', label: 'Month' },
  { value: 'day', label: 'Day' },
];

/** Every figure of the API, in its order, with the words people use for it. */
export const FEE_COLUMNS: { key: keyof Schemas['FeeFiguresDto']; label: string }[] = [
  { key: 'assessedCents', label: 'Assessed' },
  { key: 'collectedCents', label: 'Collected' },
  { key: 'waivedCents', label: 'Waived' },
  { key: 'refundedCents', label: 'Refunded' },
  { key: 'reversedCents', label: 'Reversed' },
  { key: 'netCollectedCents', label: 'Net collected' },
  { key: 'remittedCents', label: 'Remitted' },
  { key: 'inDraftBatchCents', label: 'In a draft batch' },
  { key: 'pendingRemittanceCents', label: 'Waiting to be remitted' },
];

const CHART_SERIES: ChartSeries[] = [
  { key: 'collectedCents', label: 'Collected', ...SERIES_LOOKS[0] },
  { key: 'waivedCents', label: 'Waived', ...SERIES_LOOKS[1] },
  { key: 'refundedCents', label: 'Refunded', ...SERIES_LOOKS[2] },
];

export function groupLabel(groupBy: Grouping, group: string, short = false): string {
  if (groupBy === 'program') return programName(group);
  if (groupBy === 'method')
    return group === '(none)' ? 'No method (fees, waivers)' : (METHOD_LABELS[group] ?? group);
  if (groupBy === 'month') return monthLabel(group, short);
  return short ? shortDay(group) : formatDate(group);
}

const route = getRouteApi('/reports/fees');

export function FeesReportPage() {
  usePageTitle('Fees report');
  return (
    <RequireRole roles={['FINANCE', 'SUPERVISOR', 'AUDITOR']}>
      <FeesReport />
    </RequireRole>
  );
}

function FeesReport() {
  const search = route.useSearch();
  const query = feesQueryOf(search);
  const { from, to } = query;
  const groupBy = query.groupBy ?? 'month';
  const report = useQuery(feesReport(query));

  return (
    <>
      <PageHeading>Fees report</PageHeading>
      <p className="margin-top-0">
        Money assessed, collected, waived, refunded and reversed, and how much of it has gone to
        Veronica&apos;s Voice. Payments count on the day they were received.
      </p>
      <FeesFilters key={`${from} ${to} ${groupBy}`} from={from} to={to} groupBy={groupBy} />
      <QueryState query={report} what="the fees report" pendingClassName="pending-report">
        {(data) => <FeesResult report={data} />}
      </QueryState>
    </>
  );
}

function FeesFilters({ from, to, groupBy }: { from: string; to: string; groupBy: Grouping }) {
  const navigate = useNavigate();
  const errors = useFormErrors();
  const range = useDateRange('fees', { from, to });
  const [group, setGroup] = useState<Grouping>(groupBy);
  const submit = onChecked(errors, range.check, (days) => {
    void navigate({ to: '/reports/fees', search: { ...days, groupBy: group } });
  });

  return (
    <ReportFilters errors={errors} onSubmit={submit}>
      <ReportDates range={range} errors={errors} />
      <RadioGroup
        id="fees-group"
        legend="Group by"
        options={GROUP_OPTIONS}
        value={group}
        onChange={(v) => setGroup(v as Grouping)}
        small
      />
    </ReportFilters>
  );
}

function FeesResult({ report }: { report: FeeReport }) {
  const groupBy = report.groupBy as Grouping;
  const groupName = GROUP_OPTIONS.find((g) => g.value === groupBy)!.label;
  const tableName = `Fees by ${groupName.toLowerCase()}`;
  const t = report.totals;
  const reconciles =
    t.netCollectedCents === t.remittedCents + t.inDraftBatchCents + t.pendingRemittanceCents;
  const range = `${formatDate(report.from)} to ${formatDate(report.to)}`;

  return (
    <HeadedSection
      id="fees-result"
      heading={`Fees from ${range}, by ${groupName.toLowerCase()}`}
      className="margin-top-4"
    >
      {report.rows.length === 0 ? (
        <p>No money was assessed, collected, waived, refunded or reversed in these dates.</p>
      ) : (
        <BarChartFigure
          id="fees-chart"
          title={`Collected, waived and refunded per ${groupName.toLowerCase()}`}
          tableName={tableName}
          rows={report.rows.map((r) => ({
            group: r.group,
            label: groupLabel(groupBy, r.group, true),
            values: {
              collectedCents: r.collectedCents,
              waivedCents: r.waivedCents,
              refundedCents: r.refundedCents,
            },
          }))}
          series={CHART_SERIES}
          format="money"
        />
      )}
      <ReportTable
        name={tableName}
        id="fees-table"
        columns={[groupName, ...FEE_COLUMNS.map((c) => num(c.label))]}
        foot={
          <tr className="report-total" data-group="(total)">
            <th scope="row" data-label={groupName}>
              Total
            </th>
            {FEE_COLUMNS.map((c) => (
              <td key={c.key} data-label={c.label} data-key={c.key} className={NUM}>
                {formatCents(t[c.key])}
              </td>
            ))}
          </tr>
        }
      >
        {report.rows.map((r: FeeRow) => (
          <tr key={r.group} data-group={r.group}>
            <th scope="row" data-label={groupName}>
              {groupLabel(groupBy, r.group, groupBy === 'month')}
            </th>
            {FEE_COLUMNS.map((c) => (
              <td key={c.key} data-label={c.label} data-key={c.key} className={NUM}>
                {formatCents(r[c.key])}
              </td>
            ))}
          </tr>
        ))}
      </ReportTable>
      <p className="reconciliation" id="fees-reconciliation">
        <strong>Net collected {formatCents(t.netCollectedCents)}</strong> = remitted{' '}
        {formatCents(t.remittedCents)} + in a draft batch {formatCents(t.inDraftBatchCents)} +
        waiting to be remitted {formatCents(t.pendingRemittanceCents)}.{' '}
        {reconciles
          ? 'The figures reconcile.'
          : 'The figures do not reconcile: tell the finance lead and support.'}
      </p>
      <p className="font-body-2xs text-base-dark">
        Net collected = collected − refunded − reversed. Remitted is the part already sent to
        Veronica&apos;s Voice; &ldquo;In a draft batch&rdquo; is prepared but not sent yet.
      </p>
      <DownloadCsvButton
        path="/api/v1/reports/fees"
        query={{ from: report.from, to: report.to, groupBy, format: 'csv' }}
        filename={`fees-${groupBy}-${report.from}-${report.to}.csv`}
      />
    </HeadedSection>
  );
}
