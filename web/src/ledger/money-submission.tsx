import { useState, type ChangeEvent, type ReactNode } from 'react';
import { ApiError, NetworkError, type SummaryItem } from '../api/problem';
import { Submissions } from '../api/submission';
import type { Enrollment } from '../enrollments/api';
import {
  Form,
  SubmitButton,
  useForm,
  type FormKit,
  type FormValues,
  type Problems,
} from '../app/form';
import { MoneyField, SummaryList, useAnnounce, useFocusOnMount } from '../app/ui';
import { BackToLedger } from './frame';
import { checkAmount, moneyProblem, useMoneyMoved } from './api';

/** Balance and received figures at the time of the refusal, for its plain-words message. */
type Figures = { balanceCents?: number; receivedCents?: number };

/**
 * The form of every money screen (a payment, a refund, a waiver request), on the form kit: one
 * press at a time; each submission carries its own Idempotency-Key (Submissions), the same when
 * the same body is sent again after a lost or unfinished answer, so the server records it once.
 * On success the answer is kept (`done`) and announced and every figure that shows money is
 * refreshed; a refusal or a lost answer goes to the error summary in plain words (moneyProblem).
 */
export function useMoneyForm<V extends FormValues & { amount: string }, B, T>(options: {
  initial: V | (() => V);
  /** The most "Amount" may be, and what the summary says above it. */
  amount: { maxCents: number; overLimit: string };
  /** The submit button's words, which the error summary tells the user to press again. */
  submit: string;
  /** API field name → form field id. */
  fields: Record<string, string>;
  /** The screen's own fields (the amount is checked first, then these with its cents). */
  check: (values: V, problems: Problems, cents: number) => B | undefined;
  /** A review step before the sending (`review`, `confirm`, `back`). */
  review?: boolean;
  /** The post of this form, with the key of its submission. */
  post: (body: B, idempotencyKey: string) => Promise<T>;
  /** What the live region says once it is recorded. */
  announcement: (answer: T) => string;
  /** The figures the refusal's words name (may read them again). */
  figures?: (err: unknown) => Figures | Promise<Figures>;
  /** The summary's items, before they are shown. */
  onRefused?: (items: SummaryItem[]) => void;
}) {
  const [submissions] = useState(() => new Submissions());
  const [done, setDone] = useState<T | null>(null);
  // After a lost answer nobody knows whether it was recorded: only the same submission may be
  // sent again (a changed one would be a second one).
  const [uncertain, setUncertain] = useState(false);
  const announce = useAnnounce();
  const moneyMoved = useMoneyMoved();
  const form = useForm<V, B, T>({
    initial: options.initial,
    ids: options.fields,
    review: options.review,
    // Without a review step the summary of a refusal stays in view until the next answer.
    clearSummary: options.review ? 'when-valid' : 'when-sent',
    check(values, problems) {
      const { maxCents, overLimit } = options.amount;
      const amount = problems.of(checkAmount(values.amount, 'amount', maxCents, overLimit));
      const body = options.check(values, problems, amount?.cents ?? NaN);
      return amount && body;
    },
    async send(body) {
      const answer = await submissions.send(body, (key) => options.post(body, key));
      setUncertain(false);
      setDone(answer);
      form.closeReview();
      announce(options.announcement(answer));
      void moneyMoved();
      return answer;
    },
    async refused(err) {
      setUncertain(err instanceof NetworkError || (err instanceof ApiError && err.status >= 500));
      const figures = (await options.figures?.(err)) ?? {};
      const items = moneyProblem(err, options.fields, { ...figures, submit: options.submit });
      options.onRefused?.(items);
      return items;
    },
  });
  return {
    ...form,
    done,
    uncertain,
    /** Another one: the form again, empty. */
    again: () => {
      setDone(null);
      form.reset();
    },
  };
}

/** What a ledger form recorded: a success panel with its focused heading, the figures, the way back. */
export function MoneyDone({
  headingId,
  heading,
  text,
  rows,
  enrollment,
}: {
  headingId: string;
  heading: string;
  text?: string;
  rows: [string, ReactNode][];
  enrollment: Enrollment;
}) {
  const focused = useFocusOnMount<HTMLHeadingElement>();
  return (
    <>
      <div className="usa-alert usa-alert--success margin-y-2">
        <div className="usa-alert__body">
          <h2 className="usa-alert__heading" id={headingId} tabIndex={-1} ref={focused}>
            {heading}
          </h2>
          {text && <p className="usa-alert__text">{text}</p>}
        </div>
      </div>
      <SummaryList rows={[['Participant', enrollment.participantName ?? '—'], ...rows]} />
      <BackToLedger enrollment={enrollment} />
    </>
  );
}

/**
 * The form of every money screen: what it is about, "Amount" in dollars (with its limit in the
 * hint), the screen's own fields, then its submit button (disabled while it sends) and "Cancel"
 * back to the ledger.
 */
export function MoneyForm({
  form,
  enrollment,
  intro,
  amountHint,
  submit,
  busyLabel,
  children,
}: {
  form: Pick<FormKit, 'onSubmit' | 'busy' | 'summary'> & {
    bind: (name: 'amount') => {
      id: string;
      value: unknown;
      error?: string;
      onChange: (change: ChangeEvent<HTMLInputElement>) => void;
    };
  };
  enrollment: Enrollment;
  intro?: ReactNode;
  amountHint: string;
  submit: string;
  busyLabel?: string;
  children: ReactNode;
}) {
  const amount = form.bind('amount');
  return (
    <Form form={form} summary={false}>
      {intro}
      <MoneyField {...amount} value={String(amount.value)} label="Amount" hint={amountHint} />
      {children}
      <div className="usa-button-group margin-top-3">
        <SubmitButton form={form} busy={busyLabel}>
          {submit}
        </SubmitButton>
        <BackToLedger enrollment={enrollment}>Cancel</BackToLedger>
      </div>
    </Form>
  );
}
