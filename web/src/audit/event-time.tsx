import { formatTimestamp } from '../api/dates';

/**
 * When an event happened, as the audit trail and a record's History show it: the day and the
 * time each kept on one line (`Nov 29, 2026,` / `9:05 AM CST`), so that a tablet's narrow column
 * wraps it into two lines, not a word a line.
 */
export function EventTime({ at }: { at: string }) {
  const text = formatTimestamp(at);
  const cut = text.lastIndexOf(', ');
  if (cut < 0) return <>{text}</>;
  return (
    <>
      <span className="text-no-wrap">{text.slice(0, cut + 1)}</span>{' '}
      <span className="text-no-wrap">{text.slice(cut + 2)}</span>
    </>
  );
}
