import { Link } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { parseDateInput, toDateInput } from '../api/dates';
import type { SummaryItem } from '../api/problem';
import { useStaffDirectory } from '../api/queries';
import { ErrorSummary, SelectField, TextField, type useFormErrors } from './ui';

type FormErrors = ReturnType<typeof useFormErrors>;

/**
 * A form's submit: `check` gives what is wrong (error-summary items) or the value it found;
 * problems go to the error summary, a value to `go`.
 */
export function onChecked<T>(
  errors: FormErrors,
  check: () => T | SummaryItem[],
  go: (value: T) => void,
) {
  return (e: FormEvent) => {
    e.preventDefault();
    const value = check();
    if (Array.isArray(value)) return errors.show(value);
    errors.clear();
    go(value);
  };
}

/** A day typed as month/day/year, its message from the form's errors. */
export function DateField({
  id,
  label,
  errors,
  value,
  onValue,
  hint = 'Month/day/year',
  className,
}: {
  id: string;
  label: string;
  errors: FormErrors;
  value: string;
  onValue: (value: string) => void;
  hint?: ReactNode;
  className?: string;
}) {
  return (
    <TextField
      id={id}
      label={label}
      hint={hint}
      inputMode="numeric"
      autoComplete="off"
      className={className}
      value={value}
      error={errors.field(id)}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

type Days<Optional extends boolean> = Optional extends true
  ? { from?: string; to?: string }
  : { from: string; to: string };

/**
 * The first and last day of a filter, as typed, with their checks. Both are needed unless
 * `optional` (then an empty one is no limit).
 */
export function useDateRange<Optional extends boolean = false>(
  prefix: string,
  initial: { from?: string; to?: string },
  optional?: Optional,
) {
  const [from, setFrom] = useState(toDateInput(initial.from));
  const [to, setTo] = useState(toDateInput(initial.to));
  const ids = { from: `${prefix}-from`, to: `${prefix}-to` };
  const day = (text: string) => (optional && !text.trim() ? undefined : parseDateInput(text));
  /** The two days, or what is wrong with them (as error-summary items). */
  function check(): Days<Optional> | SummaryItem[] {
    const f = day(from);
    const t = day(to);
    const problems: SummaryItem[] = [];
    if (f === null)
      problems.push({ fieldId: ids.from, message: 'Enter the first day as month/day/year' });
    if (t === null)
      problems.push({ fieldId: ids.to, message: 'Enter the last day as month/day/year' });
    if (f && t && f > t)
      problems.push({ fieldId: ids.to, message: 'The last day must be on or after the first day' });
    return problems.length ? problems : ({ from: f, to: t } as Days<Optional>);
  }
  return { ids, from, to, setFrom, setTo, check };
}

/** The "From" and "To" fields of a date range. */
export function DateRangeFields({
  range,
  errors,
  fromLabel = 'From',
  className,
}: {
  range: Pick<ReturnType<typeof useDateRange>, 'ids' | 'from' | 'to' | 'setFrom' | 'setTo'>;
  errors: FormErrors;
  fromLabel?: string;
  className?: string;
}) {
  return (
    <>
      <DateField
        id={range.ids.from}
        label={fromLabel}
        className={className}
        errors={errors}
        value={range.from}
        onValue={range.setFrom}
      />
      <DateField
        id={range.ids.to}
        label="To"
        className={className}
        errors={errors}
        value={range.to}
        onValue={range.setTo}
      />
    </>
  );
}

/** "Staff member": anyone in the staff directory, or the one a filter names already. */
export function StaffSelect({
  id,
  value,
  onValue,
}: {
  id: string;
  value: string;
  onValue: (value: string) => void;
}) {
  const staff = useStaffDirectory();
  const options = (staff.data ?? []).map((s) => ({
    value: s.id,
    label: s.active ? s.displayName : `${s.displayName} (deactivated)`,
  }));
  if (value && !options.some((o) => o.value === value))
    options.push({ value, label: 'Staff member (not in the directory)' });
  return (
    <SelectField
      id={id}
      label="Staff member"
      options={options}
      placeholder="Anyone"
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

/**
 * The filters above a list: every one optional, in a grid, applied together; "Clear filters"
 * goes back to the whole list (`clearTo`).
 */
export function FilterForm({
  label,
  note,
  errors,
  onSubmit,
  clearTo,
  children,
}: {
  label: string;
  note: string;
  errors: FormErrors;
  onSubmit: (e: FormEvent) => void;
  clearTo: string;
  children: ReactNode;
}) {
  return (
    <form className="usa-form audit-filters" onSubmit={onSubmit} noValidate aria-label={label}>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <p className="margin-0 text-base-dark">{note}</p>
      <div className="audit-filters__grid">{children}</div>
      <div className="usa-button-group margin-top-2">
        <button type="submit" className="usa-button">
          Apply filters
        </button>
        <Link to={clearTo as never} className="usa-button usa-button--outline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
