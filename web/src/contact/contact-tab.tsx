import { Button } from '@trussworks/react-uswds';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { hasRole, useSession } from '../api/session';
import type { Participant } from '../participants/api';
import { Form, SubmitButton, useForm } from '../app/form';
import { ErrorSummary, LoadFailed, Loading, RadioGroup, SummaryList, useAnnounce } from '../app/ui';
import {
  PARTICIPANT_MESSAGES_LIMIT,
  useConsents,
  useContactWrites,
  useParticipantMessages,
} from './api';
import {
  CHANNEL_LABELS,
  CHANNEL_SHORT,
  CHANNELS,
  CONSENT_FIELDS,
  consentSummary,
  contactMissing,
  kindLabel,
  messageNote,
  messageWhen,
  SOURCE_LABELS,
  STAFF_SOURCES,
  STATUS_TONES,
  statusLabel,
  withdrawable,
  type Channel,
  type Consents,
  type Message,
  type StaffSource,
} from './labels';
import './contact.css';
import { DoneNotice } from '../app/notice';
import { DataTable } from '../app/lists';

type Mode = 'record' | 'withdraw';

/**
 * The participant's "Contact and reminders" tab: phone and email, consent per channel (INTAKE
 * and SUPERVISOR record it or withdraw it), and every message planned and sent, in Central time.
 */
export function ContactTab({ participant }: { participant: Participant }) {
  const { user } = useSession();
  const consents = useConsents(participant.id);
  const [mode, setMode] = useState<Mode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const announce = useAnnounce();
  const canRecord = hasRole(user, 'INTAKE', 'SUPERVISOR');

  function open(next: Mode) {
    setNotice(null);
    setMode(next);
  }

  // The form is gone: focus goes to what happened, once it is on the page.
  useEffect(() => {
    if (notice) document.getElementById('consent-saved')?.focus();
  }, [notice]);

  function saved(message: string) {
    setMode(null);
    setNotice(message);
    announce(message);
  }

  function cancelled() {
    setMode(null);
    window.setTimeout(() => document.getElementById(`open-${mode}`)?.focus(), 0);
  }

  const current = consents.data?.current;
  const canWithdraw = withdrawable(current).length > 0;

  return (
    <>
      {notice && <DoneNotice id="consent-saved">{notice}</DoneNotice>}
      <h3>Phone and email</h3>
      <SummaryList
        rows={[
          ['Phone', participant.phone || 'None on the record'],
          ['Email', participant.email || 'None on the record'],
        ]}
      />

      <h3>Consent to reminders</h3>
      {consents.isPending ? (
        <Loading what="consent" />
      ) : consents.isError ? (
        <LoadFailed error={consents.error} what="consent" />
      ) : (
        <>
          <SummaryList
            rows={CHANNELS.map((ch): [string, ReactNode] => {
              const s = consentSummary(consents.data.current[ch]);
              return [
                CHANNEL_LABELS[ch],
                <>
                  <strong>{s.answer}</strong>
                  <span className="display-block text-base-dark">{s.detail}</span>
                </>,
              ];
            })}
          />
          {canRecord && mode === null && (
            <div className="usa-button-group">
              <button
                type="button"
                id="open-record"
                className="usa-button"
                onClick={() => open('record')}
              >
                Record consent
              </button>
              {canWithdraw && (
                <button
                  type="button"
                  id="open-withdraw"
                  className="usa-button usa-button--outline"
                  onClick={() => open('withdraw')}
                >
                  Withdraw consent
                </button>
              )}
            </div>
          )}
          {canRecord && mode !== null && (
            <ConsentForm
              key={mode}
              mode={mode}
              participant={participant}
              consents={consents.data}
              onSaved={saved}
              onCancel={cancelled}
            />
          )}
        </>
      )}

      <h3>Messages</h3>
      <MessagesOf participantId={participant.id} />
    </>
  );
}

const FIELDS = CONSENT_FIELDS;

function ConsentForm({
  mode,
  participant,
  consents,
  onSaved,
  onCancel,
}: {
  mode: Mode;
  participant: Participant;
  consents: Consents;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const channels = mode === 'record' ? CHANNELS : withdrawable(consents.current);
  const writes = useContactWrites();
  const heading = useRef<HTMLHeadingElement>(null);
  const granting = mode === 'record';
  const form = useForm({
    initial: { channel: channels.length === 1 ? (channels[0] as string) : '', source: '' },
    ids: FIELDS,
    check(v, problems) {
      if (!v.channel)
        problems.add(
          'channel',
          granting
            ? 'Select which messages they agreed to'
            : 'Select which messages they want to stop',
        );
      else if (granting) {
        const missing = contactMissing(v.channel as Channel, participant);
        if (missing) problems.add('channel', missing);
      }
      problems.when(
        !v.source,
        'source',
        granting ? 'Select how they gave consent' : 'Select how they asked to stop',
      );
      return { channel: v.channel as Channel, granted: granting, source: v.source as StaffSource };
    },
    async send(body) {
      await writes.recordConsent(participant.id, body);
      const what = CHANNEL_LABELS[body.channel].toLowerCase();
      onSaved(
        granting
          ? `Consent to ${what} recorded (${SOURCE_LABELS[body.source].toLowerCase()}). Reminders still ahead are planned.`
          : `Consent to ${what} withdrawn. Every planned message on this channel is withdrawn.`,
      );
    },
  });

  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby="consent-form-heading" className="consent-form margin-top-2">
      <h4
        id="consent-form-heading"
        ref={heading}
        tabIndex={-1}
        className="font-sans-md margin-top-1"
      >
        {granting ? 'Record consent' : 'Withdraw consent'}
      </h4>
      <ErrorSummary {...form.summary} />
      <Form form={form} summary={false}>
        <p className="margin-top-0">
          {granting
            ? 'Reminders are sent only on a channel the participant agreed to. Those still ahead are planned as soon as consent is recorded.'
            : 'Every planned message on this channel is withdrawn at once. Consent can be recorded again later.'}
        </p>
        <RadioGroup
          {...form.bind('channel')}
          legend={granting ? 'Which messages did they agree to?' : 'Which messages should stop?'}
          options={channels.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
        />
        <RadioGroup
          {...form.bind('source')}
          legend={granting ? 'How did they give consent?' : 'How did they ask to stop?'}
          options={STAFF_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))}
        />
        <div className="usa-button-group margin-top-3">
          <SubmitButton form={form} busy="Saving…" secondary={!granting}>
            {granting ? 'Save consent' : 'Save withdrawal'}
          </SubmitButton>
          <Button type="button" outline onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </Form>
    </section>
  );
}

function MessagesOf({ participantId }: { participantId: string }) {
  const messages = useParticipantMessages(participantId);
  if (messages.isPending) return <Loading what="messages" />;
  if (messages.isError) return <LoadFailed error={messages.error} what="messages" />;
  const { items, total } = messages.data;
  if (items.length === 0)
    return (
      <p>
        No message has been planned. Reminders are planned on a channel with consent, for a seat in
        a session, a missed session, a balance due or a deadline ahead.
      </p>
    );
  return (
    <>
      <p className="margin-top-0">
        Times are Central time. Messages never name the program, the court or an amount.
        {total > items.length && ` The latest ${PARTICIPANT_MESSAGES_LIMIT} of ${total} are shown.`}
      </p>
      <MessageTable
        messages={items}
        caption={`Messages planned and sent, latest due first (${total})`}
      />
    </>
  );
}

export function MessageStatusTag({ status }: { status: Message['status'] }) {
  return <span className={`usa-tag ${STATUS_TONES[status] ?? ''}`}>{statusLabel(status)}</span>;
}

function MessageTable({ messages, caption }: { messages: Message[]; caption: string }) {
  return (
    <DataTable
      label="Messages"
      caption={caption}
      className="contact-messages"
      columns={['Message', 'Channel', 'When', 'Status', 'Why']}
    >
      {messages.map((m) => {
        const when = messageWhen(m);
        const note = messageNote(m);
        return (
          <tr key={m.id}>
            <th scope="row" data-label="Message">
              {kindLabel(m.kind)}
            </th>
            <td data-label="Channel">{CHANNEL_SHORT[m.channel] ?? m.channel}</td>
            <td data-label="When">
              <span className="text-base-dark">{when.label}</span> {when.at}
            </td>
            <td data-label="Status">
              <MessageStatusTag status={m.status} />
            </td>
            <td data-label="Why">{note || <span className="usa-sr-only">Nothing to add</span>}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
