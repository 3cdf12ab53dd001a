import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, NetworkError, requestIdOf, type SummaryItem } from '../api/problem';
import { Submissions } from '../api/submission';
import type { Enrollment } from '../enrollments/api';
import { MoneyField, SummaryList, useAnnounce, useFocusOnMount, useFormErrors } from '../app/ui';
import { BackToLedger } from './frame';
import { moneyProblem, useMoneyMoved } from './api';

/** Balance and received figures at the time of the refusal, for its plain-words message. */
type Figures = { balanceCents?: number; receivedCents?: number };

/**
 * The one sending path of every money form (a payment, a refund, a waiver request): one press at
 * a time; each submission carries its own Idempotency-Key (Submissions), the same when the same
 * body is sent again after a lost or unfinished answer, so the server records it once. On
 * success the answer is kept and announced and every figure that shows money is refreshed; a
 * refusal or a lost answer goes to the error summary in plain words (moneyProblem).
 */
export function useMoneySubmission<B, T>(options: {
  /** The submit button's words, which the error summary tells the user to press again. */
  submit: string;
  /** API field name → form field id. */
  fields: Record<string, string>;
  /** The post of this form, with the key of its submission. */
  post: (body: B, idempotencyKey: string) => Promise<T>;
}) {
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [submissions] = useState(() => new Submissions());
  const [done, setDone] = useState<T | null>(null);
  // After a lost answer nobody knows whether it was recorded: only the same submission may be
  // sent again (a changed one would be a second one).
  const [uncertain, setUncertain] = useState(false);
  const errors = useFormErrors();
  const announce = useAnnounce();
  const moneyMoved = useMoneyMoved();

  async function send(
    body: B,
    then: {
      /** What the live region says once it is recorded. */
      announcement: (answer: T) => string;
      /** The figures the refusal's words name (may read them again). */
      figures?: (err: unknown) => Figures | Promise<Figures>;
      onDone?: (answer: T) => void;
      /** The summary's items, before they are shown. */
      onRefused?: (items: SummaryItem[]) => void;
    },
  ): Promise<void> {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      const answer = await submissions.send(body, (key) => options.post(body, key));
      setUncertain(false);
      errors.clear();
      setDone(answer);
      then.onDone?.(answer);
      announce(then.announcement(answer));
      void moneyMoved();
    } catch (err) {
      setUncertain(err instanceof NetworkError || (err instanceof ApiError && err.status >= 500));
      const figures = (await then.figures?.(err)) ?? {};
      const items = moneyProblem(err, options.fields, { ...figures, submit: options.submit });
      then.onRefused?.(items);
      errors.show(items, requestIdOf(err));
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  return { busy, done, uncertain, errors, send, reset: () => setDone(null) };
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
  enrollment,
  onSubmit,
  intro,
  amountHint,
  amount,
  onAmount,
  amountError,
  submit,
  busy = false,
  busyLabel,
  children,
}: {
  enrollment: Enrollment;
  onSubmit: (e: FormEvent) => void;
  intro?: ReactNode;
  amountHint: string;
  amount: string;
  onAmount: (value: string) => void;
  amountError?: string;
  submit: string;
  busy?: boolean;
  busyLabel?: string;
  children: ReactNode;
}) {
  return (
    <form className="usa-form usa-form--large" onSubmit={onSubmit} noValidate>
      {intro}
      <MoneyField
        id="amount"
        label="Amount"
        hint={amountHint}
        value={amount}
        error={amountError}
        onChange={(e) => onAmount(e.target.value)}
      />
      {children}
      <div className="usa-button-group margin-top-3">
        <button type="submit" className="usa-button" disabled={busy}>
          {busy ? busyLabel : submit}
        </button>
        <BackToLedger enrollment={enrollment}>Cancel</BackToLedger>
      </div>
    </form>
  );
}
