import { useState } from 'react';
import { chicagoToday, parseDateInput } from '../api/dates';
import { summarize } from '../api/problem';
import { Alert } from '../app/ui';
import { downloadFile } from '../api/files';

/** A YYYY-MM-DD search param, or undefined when it is not a real calendar date. */
export function dateParam(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  return parseDateInput(value) ?? undefined;
}

/** YYYY-MM-DD → MM/DD/YYYY, how dates are typed in the console. */
export function usDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
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
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="usa-button usa-button--outline"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setFailure(null);
          try {
            await downloadFile(path, filename, query);
          } catch (err) {
            setFailure(summarize(err)[0].message);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Preparing the file…' : label}
      </button>
      {failure && (
        <div role="alert">
          <Alert type="error" heading="The file could not be downloaded" headingLevel={3}>
            <p className="margin-0">{failure}</p>
          </Alert>
        </div>
      )}
    </>
  );
}

/** A table cell of money with tabular digits, right-aligned. */
export const NUM = 'text-right text-tabular';
