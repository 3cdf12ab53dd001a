import { useState } from 'react';
import { chicagoToday, parseDateInput, toDateInput } from '../api/dates';
import type { SummaryItem } from '../api/problem';
import { ActionButton } from '../app/buttons';
import { TextField, type useFormErrors } from '../app/ui';
import { downloadFile } from '../api/files';

/** A YYYY-MM-DD search param, or undefined when it is not a real calendar date. */
export function dateParam(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  return parseDateInput(value) ?? undefined;
}

export function firstOfMonth(today = chicagoToday()): string {
  return `${today.slice(0, 7)}-01`;
}

export function firstOfYear(today = chicagoToday()): string {
  return `${today.slice(0, 4)}-01-01`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-03` → `March 2026` (or `Mar 2026` short). */
export function monthLabel(month: string, short = false): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return `${(short ? MONTHS : LONG_MONTHS)[Number(m[2]) - 1]} ${m[1]}`;
}

/** `2026-03-07` → `Mar 7`. */
export function shortDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}`;
}

/** The first and last day a report covers, as typed in its filters, with their checks. */
export function useDateRange(prefix: string, initial: { from: string; to: string }) {
  const [from, setFrom] = useState(toDateInput(initial.from));
  const [to, setTo] = useState(toDateInput(initial.to));
  const ids = { from: `${prefix}-from`, to: `${prefix}-to` };
  /** The two days, or what is wrong with them (as error-summary items). */
  function check(): { from: string; to: string } | SummaryItem[] {
    const f = parseDateInput(from);
    const t = parseDateInput(to);
    const problems: SummaryItem[] = [];
    if (!f) problems.push({ fieldId: ids.from, message: 'Enter the first day as month/day/year' });
    if (!t) problems.push({ fieldId: ids.to, message: 'Enter the last day as month/day/year' });
    if (f && t && f > t)
      problems.push({ fieldId: ids.to, message: 'The last day must be on or after the first day' });
    return f && t && !problems.length ? { from: f, to: t } : problems;
  }
  return { ids, from, to, setFrom, setTo, check };
}

/** The "From" and "To" fields of a report's filters. */
export function DateRangeFields({
  range,
  errors,
  fromLabel = 'From',
}: {
  range: ReturnType<typeof useDateRange>;
  errors: ReturnType<typeof useFormErrors>;
  fromLabel?: string;
}) {
  return (
    <div className="report-filters__dates">
      <TextField
        id={range.ids.from}
        label={fromLabel}
        hint="Month/day/year"
        inputMode="numeric"
        autoComplete="off"
        className="usa-input--md"
        value={range.from}
        error={errors.field(range.ids.from)}
        onChange={(e) => range.setFrom(e.target.value)}
      />
      <TextField
        id={range.ids.to}
        label="To"
        hint="Month/day/year"
        inputMode="numeric"
        autoComplete="off"
        className="usa-input--md"
        value={range.to}
        error={errors.field(range.ids.to)}
        onChange={(e) => range.setTo(e.target.value)}
      />
    </div>
  );
}

/** "Download CSV" of a report: the API's own CSV with the filters on screen. */
export function DownloadCsvButton({
  path,
  query,
  filename,
  label = 'Download CSV',
}: {
  path: `/api/v1/${string}`;
  query: Record<string, string | undefined>;
  filename: string;
  label?: string;
}) {
  return (
    <ActionButton
      label={label}
      busyLabel="Preparing the file…"
      failedHeading="The file could not be downloaded"
      headingLevel={3}
      onAction={() => downloadFile(path, filename, query)}
    />
  );
}

/** A table cell of money with tabular digits, right-aligned. */
export const NUM = 'text-right text-tabular';
