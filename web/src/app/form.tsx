import { Button } from '@trussworks/react-uswds';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { parseDateInput } from '../api/dates';
import { wholeNumber, type Limit } from '../api/limits';
import { requestIdOf, summarize, type SummaryItem } from '../api/problem';
import { ErrorSummary, useFormErrors } from './ui';

/**
 * The console's form kit: one hook (useForm) owns a form's values, its check, the error summary
 * and the fields' own messages, an optional review step, the busy state (a double press sends
 * once) and the refusals of the API mapped to their fields. Fields bind in one line:
 * `<TextField {...form.bind('email')} label="Email" />`. A press with nothing typed (give a seat,
 * complete an enrollment) uses its sending part alone: useAction.
 */

/** What a check made of the typed values: the request body, or what is wrong with it. */
export type Checked<B> = { ok: true; body: B } | { ok: false; problems: SummaryItem[] };

/**
 * What is wrong with a form, collected by its check: each message goes to the summary, linked to
 * the input of the value it names (through the form's `ids`).
 */
export class Problems {
  readonly items: SummaryItem[] = [];
  constructor(private readonly idOf: (name: string) => string) {}

  /** `message` on the input of `name` (a value's name or an input id). */
  add(name: string, message: string): void {
    this.items.push({ fieldId: this.idOf(name), message });
  }

  /** `message` on `name` when `wrong`. */
  when(wrong: unknown, name: string, message: string): void {
    if (wrong) this.add(name, message);
  }

  /** A message of no field. */
  general(message: string): void {
    this.items.push({ message });
  }

  /** The typed text, trimmed; `message` when there is none. */
  required(name: string, typed: string, message: string): string {
    const text = typed.trim();
    if (!text) this.add(name, message);
    return text;
  }

  /** A whole number within the API's limits, or `message`. */
  wholeNumber(name: string, typed: string, limit: Limit, message: string): number {
    const n = wholeNumber(typed, limit);
    if (n === undefined) this.add(name, message);
    return n ?? NaN;
  }

  /** A day typed month/day/year (ISO), or `message`. */
  date(name: string, typed: string, message: string): string | null {
    const day = parseDateInput(typed);
    if (!day) this.add(name, message);
    return day;
  }

  /** A value checked elsewhere, or its problem (which names its own field). */
  of<T extends object>(checked: T | { problem: SummaryItem }): T | undefined {
    if (!('problem' in checked)) return checked;
    this.items.push(checked.problem);
    return undefined;
  }

  /** The problems of a check written elsewhere (its own ids), or its body. */
  from<B>(checked: Checked<B>): B | undefined {
    if (checked.ok) return checked.body;
    this.items.push(...checked.problems);
    return undefined;
  }

  get any(): boolean {
    return this.items.length > 0;
  }
}

/**
 * One press at a time: `run` does nothing while an earlier run has not finished (a double click
 * sends once), and `busy` says so to the screen (its submit button reads "Saving…").
 */
export function useSendOnce() {
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const isSending = () => sending.current;
  async function run(work: () => Promise<void>): Promise<void> {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      await work();
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }
  return { busy, run, isSending };
}

/** Words for a refusal: the summary's items, or null when the screen shows it itself. */
type Refused = SummaryItem[] | null | Promise<SummaryItem[] | null>;

/**
 * A press that sends without typed values (give a seat, complete an enrollment): one at a time,
 * its refusal in the error summary (`refused`, or the usual words), the summary cleared once it
 * is done. Forms build on it; a screen uses it alone for buttons outside a form, and its
 * `errors` for what fails on its own (a file that does not come).
 */
export function useAction<A = void, T = void>(options: {
  send: (arg: A) => Promise<T>;
  refused?: (err: unknown) => Refused;
}) {
  const errors = useFormErrors();
  const { busy, run, isSending } = useSendOnce();
  async function act(arg: A): Promise<T | undefined> {
    let answer: T | undefined;
    await run(async () => {
      try {
        answer = await options.send(arg);
        errors.clear();
      } catch (err) {
        const items = await (options.refused ?? summarize)(err);
        if (items) errors.show(items, requestIdOf(err));
        else errors.clear();
      }
    });
    return answer;
  }
  return {
    busy,
    isSending,
    errors,
    /** The error summary's props. */
    summary: { items: errors.items, requestId: errors.requestId },
    act,
  };
}

type Values = object;

/** Something with a value a field's onChange gives: an input's change event, or the value. */
type Change<T> = T | { target: { value: string } };

export interface FormOptions<V extends Values, B, T> {
  initial: V | (() => V);
  /**
   * Input ids, where they are not the value's name: value name → id, and API field name → id
   * (the server's field errors are shown on those inputs).
   */
  ids?: Record<string, string>;
  /**
   * The typed values → the body to send; what is wrong goes into `problems` (the body is not
   * used then). `how`: what `submit(how)` was called with (a second button of the form).
   */
  check: (values: V, problems: Problems, how?: string) => B | undefined;
  /** Sends the body and does what follows (announce, navigate, …); a throw is a refusal. */
  send: (body: B, how?: string) => Promise<T>;
  /**
   * A refusal in plain words, on its fields (`ids`: API field → input id). The default names
   * each field error on its input. `null`: the screen shows it itself (nothing in the summary).
   */
  refused?: (err: unknown, ids: Record<string, string>) => Refused;
  /**
   * When the summary of an earlier attempt goes: once the values pass the check (default), or
   * only once the server has accepted them (it stays in view while they are sent).
   */
  clearSummary?: 'when-valid' | 'when-sent';
  /**
   * A review step between the check and the sending: `review` holds the body until `confirm`,
   * and until the screen leaves it (`back`, `closeReview`, or a new page).
   */
  review?: boolean;
  /** After a value changed (by its field). */
  onChange?: (name: keyof V & string) => void;
}

export function useForm<V extends Values, B, T = unknown>(options: FormOptions<V, B, T>) {
  const [initial] = useState(options.initial);
  const [values, setValues] = useState<V>(initial);
  const [review, setReview] = useState<B | null>(null);
  const ids = options.ids ?? {};
  const idOf = (name: string) => ids[name] ?? name;
  /** Every name the form knows → its input id, for the server's field errors. */
  const serverIds = () => ({
    ...Object.fromEntries(Object.keys(initial).map((k) => [k, idOf(k)])),
    ...ids,
  });

  const action = useAction<{ body: B; how?: string }, T>({
    send: ({ body, how }) => options.send(body, how),
    refused: (err) => (options.refused ?? summarize)(err, serverIds()),
  });
  const { errors, busy, isSending } = action;

  function set<K extends keyof V & string>(name: K, value: V[K]): void {
    setValues((v) => ({ ...v, [name]: value }));
    options.onChange?.(name);
  }

  function checked(how?: string): { ok: true; body: B } | { ok: false } {
    const problems = new Problems(idOf);
    const body = options.check(values, problems, how);
    if (problems.any || body === undefined) {
      errors.show(problems.items);
      return { ok: false };
    }
    if ((options.clearSummary ?? 'when-valid') === 'when-valid') errors.clear();
    return { ok: true, body };
  }

  const send = (body: B, how?: string) => action.act({ body, how });

  /** Checks the values, then sends them (or opens the review step). */
  async function submit(how?: string): Promise<void> {
    if (isSending()) return;
    const c = checked(how);
    if (!c.ok) return;
    if (options.review) setReview(() => c.body);
    else await send(c.body, how);
  }

  return {
    values,
    set,
    errors,
    busy,
    /** The body under review (review step), or null. */
    review,
    /** The error summary's props. */
    summary: action.summary,
    /** The message of the input `id` (a value's name or an input id). */
    error: (name: string) => errors.field(idOf(name)),
    /** A field's props: its id, value, message and change handler. */
    bind<K extends keyof V & string>(name: K) {
      return {
        id: idOf(name),
        value: values[name],
        error: errors.field(idOf(name)),
        onChange: (change: Change<V[K]>) =>
          set(
            name,
            (change !== null && typeof change === 'object' && 'target' in change
              ? change.target.value
              : change) as V[K],
          ),
      };
    },
    /** The <form>'s onSubmit. */
    onSubmit: (e: FormEvent) => {
      e.preventDefault();
      void submit();
    },
    submit,
    /** Sends the body under review. */
    confirm: async () => {
      if (review !== null) await send(review);
    },
    /** Leaves the review step for the form (its refusal with it). */
    back: () => {
      setReview(null);
      errors.clear();
    },
    /** Leaves the review step for the form, its refusal shown there (on the field it names). */
    closeReview: () => setReview(null),
    /** Back to the first values. */
    reset: () => setValues(initial),
  };
}

export type FormKit = Pick<ReturnType<typeof useForm>, 'onSubmit' | 'summary' | 'busy'>;

export type { Values as FormValues };

/**
 * A console form: `usa-form`, no browser validation (the error summary says what is wrong), and
 * the summary first unless the screen puts it elsewhere (`summary={false}`).
 */
export function Form({
  form,
  large = true,
  summary = true,
  className,
  children,
  ...rest
}: {
  form: FormKit;
  large?: boolean;
  summary?: boolean;
  className?: string;
  children: ReactNode;
  'aria-labelledby'?: string;
}) {
  const classes = ['usa-form', large && 'usa-form--large', className].filter(Boolean).join(' ');
  return (
    <form className={classes} onSubmit={form.onSubmit} noValidate {...rest}>
      {summary && <ErrorSummary {...form.summary} />}
      {children}
    </form>
  );
}

/**
 * A page form's buttons under its last field: the submit button (its words, and its words while
 * sending) and, beside it, the way back to where the form was opened from (an outline link).
 */
export function FormActions({
  form,
  submit,
  busy,
  back,
}: {
  form: Pick<FormKit, 'busy'>;
  submit: ReactNode;
  busy: ReactNode;
  back: ReactNode;
}) {
  return (
    <div className="usa-button-group margin-top-3">
      <SubmitButton form={form} busy={busy}>
        {submit}
      </SubmitButton>
      {back}
    </div>
  );
}

/** The outline look of a form's way back (`FormActions`' `back`, a router link). */
export const BACK_LINK = 'usa-button usa-button--outline';

/** The submit button: disabled, with its busy words, while the form sends. */
export function SubmitButton({
  form,
  busy,
  className,
  secondary,
  children,
}: {
  form: Pick<FormKit, 'busy'>;
  /** Its words while sending, like "Saving…" (the same words when none). */
  busy?: ReactNode;
  className?: string;
  secondary?: boolean;
  children: ReactNode;
}) {
  return (
    <Button type="submit" className={className} secondary={secondary} disabled={form.busy}>
      {form.busy ? (busy ?? children) : children}
    </Button>
  );
}
