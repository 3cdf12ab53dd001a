import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { Schemas } from '../api/client';
import { chicagoToday, formatDate } from '../api/dates';
import { programName } from '../api/queries';
import { RequireRole } from '../app/shell';
import { onChecked, useDateRange } from '../app/filters';
import { HeadedSection, QueryState, num } from '../app/lists';
import { PageHeading, RadioGroup, useFormErrors, usePageTitle } from '../app/ui';
import { BarChartFigure, SERIES_LOOKS, type ChartSeries } from './bar-chart';
import { DownloadCsvButton, NUM, ReportDates, ReportFilters, ReportTable } from './common';
import {
  anyHidden,
  countCell,
  defaultExitRange,
  rateCell,
  type FollowUpCountField,
  type FollowUpFigures,
} from './follow-up-display';
import { followUpReport } from './api';

export interface FollowUpReportSearch {
  exitFrom?: string;
  exitTo?: string;
  months?: 12 | 24;
}

type FollowUpReport = Schemas['FollowUpReportDto'];

/** Every count of the API, in its order, with the words the CSV uses. */
const COUNT_COLUMNS: { key: FollowUpCountField; label: string }[] = [
  { key: 'exits', label: 'Exits' },
  { key: 'checked', label: 'Checked' },
  { key: 'unableToCheck', label: 'Unable to check' },
  { key: 'newChargeSimilar', label: 'New similar charge' },
  { key: 'newChargeOther', label: 'New other charge' },
];

const EXIT_WORDS: Record<string, string> = {
  COMPLETED: 'Completed',
  TERMINATED: 'Terminated',
  WITHDRAWN: 'Withdrawn',
};

const MONTH_OPTIONS = [
  { value: '12', label: '12 months' },
  { value: '24', label: '24 months' },
];

const CHART_SERIES: ChartSeries[] = [
  { key: 'exits', label: 'Exits', ...SERIES_LOOKS[0] },
  { key: 'checked', label: 'Checked', ...SERIES_LOOKS[1] },
  { key: 'newChargeSimilar', label: 'New similar charge', ...SERIES_LOOKS[2] },
  { key: 'newChargeOther', label: 'New other charge', ...SERIES_LOOKS[3] },
];

const TABLE_NAME = 'Follow-up by program and exit';

const route = getRouteApi('/reports/follow-up');

export function FollowUpReportPage() {
  usePageTitle('Follow-up report');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR', 'AUDITOR']}>
      <FollowUpReportScreen />
    </RequireRole>
  );
}

function FollowUpReportScreen() {
  const search = route.useSearch();
  const months = search.months ?? 12;
  const fallback = defaultExitRange(chicagoToday(), months);
  const exitFrom = search.exitFrom ?? fallback.from;
  const exitTo = search.exitTo ?? fallback.to;
  const query = { exitFrom, exitTo, months };
  const report = useQuery(followUpReport(query));
  return (
    <>
      <PageHeading>Follow-up report</PageHeading>
      <p className="margin-top-0 measure-5">
        New charges 12 or 24 months after people left a program, per program and how their
        enrollment ended: what the checks of the court records found.
      </p>
      <FollowUpFilters
        key={`${exitFrom} ${exitTo} ${months}`}
        from={exitFrom}
        to={exitTo}
        months={months}
      />
      <QueryState query={report} what="the follow-up report">
        {(data) => <FollowUpResult report={data} />}
      </QueryState>
    </>
  );
}

function FollowUpFilters({ from, to, months }: { from: string; to: string; months: 12 | 24 }) {
  const navigate = useNavigate();
  const errors = useFormErrors();
  const range = useDateRange('follow-up', { from, to });
  const [check, setCheck] = useState(String(months));
  const submit = onChecked(errors, range.check, (days) => {
    void navigate({
      to: '/reports/follow-up',
      search: { exitFrom: days.from, exitTo: days.to, months: check === '24' ? 24 : 12 },
    });
  });
  return (
    <ReportFilters errors={errors} onSubmit={submit}>
      <ReportDates range={range} errors={errors} fromLabel="Exits from" />
      <RadioGroup
        id="follow-up-months"
        legend="Check"
        hint="How long after the exit the court records were checked."
        options={MONTH_OPTIONS}
        value={check}
        onChange={setCheck}
        small
      />
    </ReportFilters>
  );
}

const rowLabel = (r: { programCode: string; exitStatus: string }) =>
  `${programName(r.programCode)}, ${(EXIT_WORDS[r.exitStatus] ?? r.exitStatus).toLowerCase()}`;

/** One row of the table: its counts and the rate, hidden ones labelled as such. */
function FigureCells({ figures }: { figures: FollowUpFigures }) {
  const rate = rateCell(figures);
  return (
    <>
      {COUNT_COLUMNS.map((c) => {
        const cell = countCell(figures, c.key);
        return (
          <td
            key={c.key}
            data-label={c.label}
            data-field={c.key}
            className={`${NUM}${cell.hidden ? ' follow-up-hidden text-italic text-base-dark' : ''}`}
          >
            {cell.text}
          </td>
        );
      })}
      <td
        data-label="New similar charge rate (95% interval)"
        data-field="similarRate"
        className={`${NUM} text-no-wrap${rate.hidden ? ' follow-up-hidden text-italic text-base-dark' : ''}`}
      >
        {rate.text}
      </td>
    </>
  );
}

function FollowUpResult({ report }: { report: FollowUpReport }) {
  const range = `${formatDate(report.exitFrom)} to ${formatDate(report.exitTo)}`;
  // The chart leaves out groups with no exits; a hidden count has no bar (the table says so).
  const charted = report.rows.filter((r) => r.exits !== 0);
  const hidden = anyHidden([...report.rows, report.totals]);

  return (
    <HeadedSection
      id="follow-up-result"
      heading={`${report.months}-month checks of the exits from ${range}`}
      className="margin-top-4"
    >
      {report.totals.exits === 0 ? (
        <p>No enrollment ended in these dates.</p>
      ) : (
        charted.length > 0 && (
          <BarChartFigure
            id="follow-up-chart"
            title={`Exits, checks and new charges ${report.months} months after the exit${hidden ? ' (a hidden count has no bar)' : ''}`}
            tableName={TABLE_NAME}
            rows={charted.map((r) => ({
              group: `${r.programCode}/${r.exitStatus}`,
              label: rowLabel(r),
              // A hidden count is left out (no bar), never drawn as 0.
              values: Object.fromEntries(
                CHART_SERIES.filter((s) => !countCell(r, s.key as FollowUpCountField).hidden).map(
                  (s) => [s.key, r[s.key as FollowUpCountField] as number],
                ),
              ),
            }))}
            series={CHART_SERIES}
            format="count"
          />
        )
      )}
      <ReportTable
        name={TABLE_NAME}
        id="follow-up-table"
        columns={[
          'Program and exit',
          ...COUNT_COLUMNS.map((c) => num(c.label)),
          num('New similar charge rate (95% interval)'),
        ]}
        foot={
          <tr data-group="totals">
            <th scope="row" data-label="Program and exit">
              All programs
            </th>
            <FigureCells figures={report.totals} />
          </tr>
        }
      >
        {report.rows.map((r) => (
          <tr
            key={`${r.programCode}/${r.exitStatus}`}
            data-group={`${r.programCode}/${r.exitStatus}`}
          >
            <th scope="row" data-label="Program and exit">
              {rowLabel(r)}
            </th>
            <FigureCells figures={r} />
          </tr>
        ))}
      </ReportTable>
      <div className="font-body-2xs text-base-dark measure-6" id="follow-up-notes">
        {hidden && (
          <p>
            <strong>Hidden:</strong> counts from 1 to 9 are hidden, because a small number can
            identify a person. Further counts are hidden where they would let a hidden one be worked
            out by subtraction from the other counts and totals, so a hidden count may be of any
            size. A rate is hidden when a count it is built on is.
          </p>
        )}
        <p>
          Exits: enrollments that ended (completed, terminated or withdrawn) in these dates.
          Checked: the latest result is no new charge, a new similar charge (prostitution-related)
          or a new other charge; unable to check is counted apart. Exits whose check is not yet due
          or not yet done are in Exits only. Results recorded up to {formatDate(report.asOf)} count.
        </p>
        <p>
          New similar charge rate = new similar charge ÷ checked, with its 95% interval (Wilson):
          the range the true rate most likely lies in, wider when fewer people were checked. A dash:
          nobody was checked, so there is no rate.
        </p>
      </div>
      <DownloadCsvButton
        path="/api/v1/reports/follow-up"
        query={{
          exitFrom: report.exitFrom,
          exitTo: report.exitTo,
          months: String(report.months),
          format: 'csv',
        }}
        filename={`follow-up-${report.months}-months-${report.exitFrom}-${report.exitTo}.csv`}
      />
    </HeadedSection>
  );
}
