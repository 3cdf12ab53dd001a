import {
  Checkbox as UswdsCheckbox,
  Fieldset,
  FormGroup,
  Label,
  Radio,
  Select,
  TextInput,
  Textarea,
} from '@trussworks/react-uswds';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import type { SummaryItem } from '../api/problem';
import { requestIdOf, summarize } from '../api/problem';

const APP = 'Diversion case manager';

/** Sets the page title (the screen, never the person) and moves focus to the page heading. */
/**
 * Focus for a confirmation that replaces the control just pressed (WCAG 2.4.3): focused when it
 * appears on the page, not by a timer that may run before React has put it there.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

export function usePageTitle(screen: string): void {
  useEffect(() => {
    document.title = `${screen} — ${APP}`;
  }, [screen]);
}

export function PageHeading({ children }: { children: ReactNode }) {
  return (
    <h1 id="page-heading" tabIndex={-1} className="margin-top-0">
      {children}
    </h1>
  );
}

// ---- live region -------------------------------------------------------------------------

const AnnounceContext = createContext<(message: string) => void>(() => undefined);

/** One polite live region for the whole console: "Saved", receipt numbers, results. */
export function LiveRegionProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const announce = useCallback((m: string) => {
    setMessage('');
    // A fresh text node makes screen readers read the same message twice in a row.
    window.setTimeout(() => setMessage(m), 50);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div
        id="live-region"
        className="usa-sr-only"
        role="status"
        aria-live="polite"
        aria-atomic="true"
      >
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}

// ---- alerts ------------------------------------------------------------------------------

export function Alert({
  type,
  heading,
  children,
  headingLevel = 2,
  slim,
  id,
}: {
  type: 'info' | 'success' | 'warning' | 'error' | 'emergency';
  heading?: string;
  children?: ReactNode;
  headingLevel?: 2 | 3;
  slim?: boolean;
  id?: string;
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div
      id={id}
      className={`usa-alert usa-alert--${type}${slim ? ' usa-alert--slim' : ''} margin-y-2`}
    >
      <div className="usa-alert__body">
        {heading && <H className="usa-alert__heading">{heading}</H>}
        {children && <div className="usa-alert__text">{children}</div>}
      </div>
    </div>
  );
}

// ---- error summary -----------------------------------------------------------------------

/**
 * The error summary at the top of a form: takes focus when it appears, lists each error as a
 * link to its field, and shows the request id for support.
 */
export function ErrorSummary({ items, requestId }: { items: SummaryItem[]; requestId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length) ref.current?.focus();
  }, [items]);
  if (!items.length) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className="usa-alert usa-alert--error margin-y-2 error-summary"
      role="alert"
      aria-labelledby="error-summary-heading"
    >
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading" id="error-summary-heading">
          There is a problem
        </h2>
        <ul className="usa-list usa-list--unstyled">
          {items.map((i, n) => (
            <li key={n}>
              {i.fieldId ? (
                <a
                  href={`#${i.fieldId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    const el = document.getElementById(i.fieldId!);
                    el?.focus();
                    el?.scrollIntoView({ block: 'center' });
                  }}
                >
                  {i.message}
                </a>
              ) : (
                i.message
              )}
            </li>
          ))}
        </ul>
        {requestId && (
          <p className="usa-alert__text font-body-3xs margin-top-1">
            If you call support, give them this reference:{' '}
            <span className="text-mono">{requestId}</span>
          </p>
        )}
      </div>
    </div>
  );
}

/** Form state for a request: its error summary items and the field messages. */
export function useFormErrors() {
  const [items, setItems] = useState<SummaryItem[]>([]);
  const [requestId, setRequestId] = useState<string | undefined>();
  return {
    items,
    requestId,
    field: (id: string) => items.find((i) => i.fieldId === id)?.message,
    show(next: SummaryItem[], rid?: string) {
      setItems(next);
      setRequestId(rid);
    },
    fromError(err: unknown, fieldIds: Record<string, string> = {}) {
      setItems(summarize(err, fieldIds));
      setRequestId(requestIdOf(err));
    },
    clear() {
      setItems([]);
      setRequestId(undefined);
    },
  };
}

// ---- form fields -------------------------------------------------------------------------
// On @trussworks/react-uswds (FormGroup, Label, TextInput, Textarea, Select, Fieldset, Radio,
// Checkbox). Its ErrorMessage is not used: it is always role="alert", and a form's errors are
// announced once, by the error summary that takes focus.

interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
}

function FieldError({
  id,
  error,
  presentation,
}: {
  id: string;
  error?: string;
  presentation?: boolean;
}) {
  if (!error) return null;
  return (
    <span
      className="usa-error-message"
      id={`${id}-error`}
      role={presentation ? 'presentation' : undefined}
    >
      {error}
    </span>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <div className="usa-hint" id={`${id}-hint`}>
      {hint}
    </div>
  );
}

function FieldFrame({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: FieldProps & { children: ReactNode }) {
  return (
    <FormGroup error={!!error}>
      <Label htmlFor={id} error={!!error}>
        {label}
        {optional && <span className="text-base-dark"> (optional)</span>}
      </Label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} presentation />
      {children}
    </FormGroup>
  );
}

/** The props every input of a field has: its name, what describes it, whether it is wrong. */
function inputProps(id: string, hint?: ReactNode, error?: string) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return {
    id,
    name: id,
    'aria-describedby': described.join(' ') || undefined,
    'aria-invalid': error ? true : undefined,
  };
}

type TextType = 'text' | 'email' | 'number' | 'password' | 'search' | 'tel' | 'url';

export function TextField({
  id,
  label,
  hint,
  error,
  optional,
  className,
  type,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { type?: TextType }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <TextInput
        {...inputProps(id, hint, error)}
        type={type ?? 'text'}
        validationStatus={error ? 'error' : undefined}
        className={className}
        {...input}
      />
    </FieldFrame>
  );
}

/** An email address: the email keyboard, no spelling marks. */
export function EmailField(props: Omit<Parameters<typeof TextField>[0], 'type'>) {
  return <TextField type="email" spellCheck={false} {...props} />;
}

/** A day typed month/day/year: a short text field, digits on a phone's keyboard. */
export function DateField(props: Omit<Parameters<typeof TextField>[0], 'type'>) {
  return <TextField inputMode="numeric" autoComplete="off" className="usa-input--md" {...props} />;
}

export function MoneyField({
  id,
  label,
  hint,
  error,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <div className={`usa-input-group usa-input-group--sm${error ? ' usa-input--error' : ''}`}>
        <div className="usa-input-prefix" aria-hidden="true">
          $
        </div>
        <TextInput
          {...inputProps(id, hint, error)}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          {...input}
        />
      </div>
    </FieldFrame>
  );
}

export function TextArea({
  id,
  label,
  hint,
  error,
  optional,
  ...input
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <Textarea {...inputProps(id, hint, error)} error={!!error} {...input} />
    </FieldFrame>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  optional,
  options,
  placeholder,
  ...select
}: FieldProps &
  SelectHTMLAttributes<HTMLSelectElement> & {
    options: { value: string; label: string }[];
    placeholder?: string;
  }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <Select
        {...inputProps(id, hint, error)}
        validationStatus={error ? 'error' : undefined}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </FieldFrame>
  );
}

/**
 * A group of choices (radios, checkboxes): a fieldset whose legend is the question, its hint and
 * its message read with it.
 */
export function ChoiceGroup({
  id,
  legend,
  hint,
  error,
  children,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <FormGroup error={!!error}>
      <Fieldset legend={legend} aria-describedby={inputProps(id, hint, error)['aria-describedby']}>
        <Hint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        {children}
      </Fieldset>
    </FormGroup>
  );
}

/** A radio group: a fieldset whose legend is the question. The first radio carries `id`. */
export function RadioGroup({
  id,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  tile,
  small,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: string }[];
  value: string | undefined;
  onChange: (value: string) => void;
  tile?: boolean;
  small?: boolean;
}) {
  const name = useId();
  return (
    <ChoiceGroup id={id} legend={legend} hint={hint} error={error}>
      <div className={small ? 'radio-row' : undefined}>
        {options.map((o, n) => (
          <Radio
            key={o.value}
            id={n === 0 ? id : `${id}-${o.value}`}
            name={name}
            value={o.value}
            label={o.label}
            tile={tile}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
        ))}
      </div>
    </ChoiceGroup>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <UswdsCheckbox
      id={id}
      name={id}
      label={label}
      checked={checked}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

// ---- loading, empty, failures ------------------------------------------------------------

export function Loading({ what }: { what: string }) {
  return (
    <p className="text-base-dark" role="status">
      Loading {what}…
    </p>
  );
}

export function LoadFailed({ error, what }: { error: unknown; what: string }) {
  const [item] = summarize(error);
  return (
    <Alert type="error" heading={`Could not load ${what}`}>
      <p className="margin-0">{item.message}</p>
    </Alert>
  );
}

// ---- tables ------------------------------------------------------------------------------

/**
 * A data table with its caption, in a region that scrolls sideways when the table is wider than
 * the screen (the region takes focus, so it scrolls by keyboard too, and is named by `label`).
 * On a phone each row stacks into a card (`usa-table--stacked`) unless `stacked` is false.
 */
export function TableRegion({
  label,
  caption,
  showCaption,
  id,
  className,
  regionClassName,
  stacked = true,
  children,
}: {
  label: string;
  caption: ReactNode;
  showCaption?: boolean;
  id?: string;
  className?: string;
  regionClassName?: string;
  stacked?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={`usa-table-container--scrollable${regionClassName ? ` ${regionClassName}` : ''}`}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      <table
        id={id}
        className={`usa-table usa-table--borderless${stacked ? ' usa-table--stacked' : ''} width-full${className ? ` ${className}` : ''}`}
      >
        <caption className={showCaption ? undefined : 'usa-sr-only'}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

// ---- dialog ------------------------------------------------------------------------------

/**
 * A modal dialog on the native <dialog> element: the browser keeps focus inside it and makes
 * the page behind it inert; Escape closes it unless `onClose` is absent. Focus goes to the
 * element marked `data-autofocus` when there is one (React's autoFocus runs while the dialog is
 * still closed, where nothing can take focus), else where the browser puts it.
 */
export function Dialog({
  open,
  title,
  children,
  onClose,
  id,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  onClose?: () => void;
  id?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      id={id}
      className="console-dialog"
      aria-labelledby={headingId}
      onCancel={(e) => {
        e.preventDefault();
        onClose?.();
      }}
    >
      {open && (
        <div className="padding-3">
          <h2 id={headingId} className="margin-top-0">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

// ---- misc --------------------------------------------------------------------------------

export function SummaryList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="summary-list">
      {rows.map(([k, v]) => (
        <div className="summary-list__row" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function StatusTag({ status }: { status: string | null | undefined }) {
  if (!status) return <span className="text-base-dark">Not enrolled</span>;
  const tone: Record<string, string> = {
    ACTIVE: 'bg-primary',
    COMPLETED: 'bg-green',
    TERMINATED: 'bg-secondary-dark',
    WITHDRAWN: 'bg-base-dark',
  };
  return <span className={`usa-tag ${tone[status] ?? ''}`}>{plainStatus(status)}</span>;
}

export function plainStatus(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ');
}
