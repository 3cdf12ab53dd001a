import { useRef, useState, type ReactNode } from 'react';
import { requestIdOf } from '../api/problem';
import type { Enrollment } from '../participants/page';
import { SummaryList, useAnnounce, useFocusOnMount, useFormErrors } from '../app/ui';
import { BackToLedger } from './frame';
import { moneyProblem, useMoneyMoved } from './ledger-api';

/**
 * The sending of a ledger form (a refund, a waiver request): one press at a time; on success the
 * answer is kept, announced and its heading focused, and the ledger's figures are refreshed; a
 * refusal or a lost answer goes to the error summary in plain words. The form builds its body
 * from the fields on each press, so pressing again after a lost answer with nothing changed is
 * the same submission: the API client sends it with the same Idempotency-Key, and the server
 * records it once.
 */
export function useMoneySubmission<T>(options: {
  enrollmentId: string;
  /** The submit button's words, which the error summary tells the user to press again. */
  submit: string;
  /** API field name → form field id. */
  fields: Record<string, string>;
  /** The id of the success panel's heading (MoneyDone focuses it when it appears). */
  doneHeadingId: string;
}) {
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [done, setDone] = useState<T | null>(null);
  const errors = useFormErrors();
  const announce = useAnnounce();
  const moneyMoved = useMoneyMoved();

  async function send(
    post: () => Promise<T>,
    announcement: string,
    figures: { balanceCents?: number; receivedCents?: number },
  ): Promise<void> {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      const answer = await post();
      errors.clear();
      setDone(answer);
      announce(announcement);
      void moneyMoved(options.enrollmentId);
    } catch (err) {
      errors.show(
        moneyProblem(err, options.fields, { ...figures, submit: options.submit }),
        requestIdOf(err),
      );
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  return { busy, done, errors, send };
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
