import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { Schemas } from '../api/client';
import { formatDate } from '../api/dates';
import { programName } from '../api/queries';
import { RequireRole } from '../app/shell';
import { onChecked, useDateRange } from '../app/filters';
import { DataTable, HeadedSection, QueryState, num } from '../app/lists';
import { PageHeading, useFormErrors, usePageTitle } from '../app/ui';
import { BarChartFigure, SERIES_LOOKS, type ChartSeries } from './bar-chart';
import { DownloadCsvButton, NUM, ReportDates, ReportFilters, ReportTable } from './common';
import { outcomesQueryOf, outcomesReport } from './api';

type OutcomesReport = Schemas['OutcomesReportDto'];
type OutcomeRow = Schemas['OutcomeRowDto'];

/** Short names of the eligibility rules a referral failed. */
export const REASON_LABELS: Record<string, string> = {
  CHARGE_NOT_ELIGIBLE: 'Charge not eligible',
  MINOR_INVOLVED: 'A minor was involved',
  MINOR_STATUS_UNVERIFIED: 'Minor involvement unknown',
  PARTICIPANT_NOT_ADULT: 'Under 18 at the offense',
  PRIOR_CONVICTION: 'Prior conviction',
  PRIOR_DIVERSION: 'Earlier diversion',
  PENDING_CHARGE: 'Similar charge pending',
  REGISTERED_SEX_OFFENDER: 'Registered sex offender',
  TRAFFICKING_CHARGE: 'Trafficking charge',
};

function outcomeProgram(code: string): string {
  // As the CSV names them.
  if (code === 'UNASSIGNED') return 'Eligible or not checked, never enrolled';
  if (code === 'INELIGIBLE') return 'Not eligible';
  return programName(code);
}

const COUNT_COLUMNS: { key: keyof OutcomeRow; label: string }[] = [
  { key: 'referrals', label: 'Referrals' },
  { key: 'eligible', label: 'Eligible' },
  { key: 'ineligible', label: 'Ineligible' },
  { key: 'enrolled', label: 'Enrolled' },
  { key: 'completed', label: 'Completed' },
  { key: 'terminated', label: 'Terminated' },
  { key: 'withdrawn', label: 'Withdrawn' },
];

const CHART_SERIES: ChartSeries[] = [
  { key: 'completed', label: 'Completed', ...SERIES_LOOKS[0] },
  { key: 'terminated', label: 'Terminated', ...SERIES_LOOKS[1] },
  { key: 'withdrawn', label: 'Withdrawn', ...SERIES_LOOKS[2] },
];

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

const route = getRouteApi('/reports/outcomes');

export function OutcomesReportPage() {
  usePageTitle('Outcomes report');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR', 'AUDITOR']}>
      <OutcomesReportScreen />
    </RequireRole>
  );
}

function OutcomesReportScreen() {
  const search = route.useSearch();
  const query = outcomesQueryOf(search);
  const { from, to } = query;
  const report = useQuery(outcomesReport(query));
  return (
    <>
      <PageHeading>Outcomes report</PageHeading>
      <p className="margin-top-0">
        What became of the referrals received in a period, per program: eligibility, enrollment,
        completion and termination.
      </p>
      <OutcomesFilters key={`${from} ${to}`} from={from} to={to} />
      <QueryState query={report} what="the outcomes report">
        {(data) => <OutcomesResult report={data} />}
      </QueryState>
    </>
  );
}

function OutcomesFilters({ from, to }: { from: string; to: string }) {
  const navigate = useNavigate();
  const errors = useFormErrors();
  const range = useDateRange('outcomes', { from, to });
  const submit = onChecked(errors, range.check, (days) => {
    void navigate({ to: '/reports/outcomes', search: days });
  });
  return (
    <ReportFilters errors={errors} onSubmit={submit}>
      <ReportDates range={range} errors={errors} fromLabel="Referrals received from" />
    </ReportFilters>
  );
}

function OutcomesResult({ report }: { report: OutcomesReport }) {
  const rows = report.rows;
  const reasons = [...new Set(rows.flatMap((r) => Object.keys(r.ineligibleByReason ?? {})))].sort(
    (a, b) => (REASON_LABELS[a] ?? a).localeCompare(REASON_LABELS[b] ?? b),
  );
  const enrolledRows = rows.filter(
    (r) => r.programCode !== 'UNASSIGNED' && r.programCode !== 'INELIGIBLE',
  );
  const range = `${formatDate(report.from)} to ${formatDate(report.to)}`;

  return (
    <HeadedSection
      id="outcomes-result"
      heading={`Referrals received from ${range}`}
      className="margin-top-4"
    >
      {rows.length === 0 ? (
        <p>No referral was received in these dates.</p>
      ) : (
        <>
          {enrolledRows.length > 0 && (
            <BarChartFigure
              id="outcomes-chart"
              title="How enrollments ended, per program"
              tableName="Outcomes by program"
              rows={enrolledRows.map((r) => ({
                group: r.programCode,
                label: outcomeProgram(r.programCode),
                values: {
                  completed: r.completed,
                  terminated: r.terminated,
                  withdrawn: r.withdrawn,
                },
              }))}
              series={CHART_SERIES}
              format="count"
            />
          )}
          <ReportTable
            name="Outcomes by program"
            id="outcomes-table"
            columns={[
              'Program',
              ...COUNT_COLUMNS.map((c) => num(c.label)),
              num('Completion rate'),
              num('Median days to complete'),
              num('Past deadline now'),
            ]}
          >
            {rows.map((r) => (
              <tr key={r.programCode} data-group={r.programCode}>
                <th scope="row" data-label="Program">
                  {outcomeProgram(r.programCode)}
                </th>
                {COUNT_COLUMNS.map((c) => (
                  <td key={c.key} data-label={c.label} className={NUM}>
                    {Number(r[c.key]).toLocaleString('en-US')}
                  </td>
                ))}
                <td data-label="Completion rate" className={NUM}>
                  {percent(r.completionRate)}
                </td>
                <td data-label="Median days to complete" className={NUM}>
                  {r.medianDaysToComplete ?? '—'}
                </td>
                <td data-label="Past deadline now" className={NUM}>
                  {r.overdue.toLocaleString('en-US')}
                </td>
              </tr>
            ))}
          </ReportTable>
          <p className="font-body-2xs text-base-dark">
            Completion rate = completed ÷ (completed + terminated + withdrawn). “Never enrolled”
            counts the referrals that did not lead to an enrollment. Past deadline: active
            enrollments past their deadline on {formatDate(report.asOf)}.
          </p>

          <h3 className="margin-top-4">Why referrals were not eligible</h3>
          {reasons.length === 0 ? (
            <p>No referral in these dates was found ineligible.</p>
          ) : (
            <DataTable
              label="Ineligible referrals by reason"
              caption="Ineligible referrals by reason (a referral may fail more than one rule)"
              showCaption
              id="outcomes-reasons"
              regionClassName="report-table"
              columns={['Reason', ...rows.map((r) => num(outcomeProgram(r.programCode)))]}
            >
              {reasons.map((code) => (
                <tr key={code}>
                  <th scope="row" data-label="Reason">
                    {REASON_LABELS[code] ?? code}{' '}
                    <span className="text-mono font-mono-3xs text-base-dark">{code}</span>
                  </th>
                  {rows.map((r) => (
                    <td
                      key={r.programCode}
                      data-label={outcomeProgram(r.programCode)}
                      className={NUM}
                    >
                      {(r.ineligibleByReason?.[code] ?? 0).toLocaleString('en-US')}
                    </td>
                  ))}
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
      <DownloadCsvButton
        path="/api/v1/reports/outcomes"
        query={{ from: report.from, to: report.to, format: 'csv' }}
        filename={`outcomes-${report.from}-${report.to}.csv`}
      />
    </HeadedSection>
  );
}
