import type { ComponentProps, FormEvent, ReactNode } from 'react';
import { chicagoToday, parseDateInput } from '../api/dates';
import { ActionButton } from '../app/buttons';
import { DateRangeFields } from '../app/filters';
import { DataTable, type Column } from '../app/lists';
import { ErrorSummary, type useFormErrors } from '../app/ui';
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

/** The "From" and "To" fields of a report's filters, side by side. */
export function ReportDates(props: Omit<ComponentProps<typeof DateRangeFields>, 'className'>) {
  return (
    <div className="report-filters__dates">
      <DateRangeFields {...props} className="usa-input--md" />
    </div>
  );
}

/**
 * A report's table of figures, named by its caption (shown): on a phone it scrolls sideways, and
 * a hint above it says so.
 */
export function ReportTable({
  name,
  id,
  columns,
  foot,
  children,
}: {
  name: string;
  id: string;
  columns: Column[];
  foot?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <p className="report-scroll-hint" aria-hidden="true">
        On a small screen, scroll the table sideways to see every column.
      </p>
      <DataTable
        label={name}
        caption={name}
        showCaption
        id={id}
        regionClassName="report-table"
        stacked={false}
        columns={columns}
        foot={foot}
      >
        {children}
      </DataTable>
    </>
  );
}

/** A report's filters: the error summary, the fields, and "Show report". */
export function ReportFilters({
  errors,
  onSubmit,
  children,
}: {
  errors: ReturnType<typeof useFormErrors>;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <form className="usa-form report-filters" onSubmit={onSubmit} noValidate>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {children}
      <button type="submit" className="usa-button margin-top-2">
        Show report
      </button>
    </form>
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
