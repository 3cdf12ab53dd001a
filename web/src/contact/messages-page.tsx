import { Link, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { chicagoToday, formatDate, formatTimestamp } from '../api/dates';
import { ApiError, requestIdOf, summarize, type SummaryItem } from '../api/problem';
import { DataTable, PagedTable, QueryState, num } from '../app/lists';
import { RequireRole } from '../app/shell';
import {
  Alert,
  ErrorSummary,
  PageHeading,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
import { MessageStatusTag } from './contact-tab';
import {
  FAILED_PAGE_SIZE,
  useContactWrites,
  useFailedMessages,
  useParticipantNames,
  useTodaysMessages,
} from './api';
import {
  CHANNEL_SHORT,
  countRows,
  kindLabel,
  providerNote,
  reasonText,
  STATUS_MEANINGS,
  type Message,
} from './labels';
import { DoneNotice } from '../app/notice';

const route = getRouteApi('/messages');

export function MessagesPage() {
  usePageTitle('Messages');
  return (
    <RequireRole roles={['SUPERVISOR']}>
      <Messages />
    </RequireRole>
  );
}

function retryProblem(err: unknown): SummaryItem[] {
  if (err instanceof ApiError && err.code === 'INVALID_TRANSITION')
    return [
      {
        message:
          'This message is no longer failed (someone sent it again meanwhile). The list is up to date now.',
      },
    ];
  return summarize(err).map((i) => ({ message: i.message }));
}

function Messages() {
  const { page = 1 } = route.useSearch();
  const today = chicagoToday();
  const todays = useTodaysMessages(today);
  const failed = useFailedMessages(page);
  const failedItems = failed.data?.items ?? [];
  const { nameOf, pending: namesPending } = useParticipantNames(
    failedItems.map((m) => m.participantId),
  );
  const writes = useContactWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const [notice, setNotice] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);

  const whose = (m: Message) => nameOf(m.participantId) ?? 'a participant';

  async function sendAgain(m: Message) {
    if (retrying) return;
    setRetrying(m.id);
    errors.clear();
    setNotice(null);
    try {
      await writes.retry(m.id);
      const message = `The ${kindLabel(m.kind).toLowerCase()} (${CHANNEL_SHORT[m.channel].toLowerCase()}) to ${whose(m)} is planned again and goes out within sending hours.`;
      setNotice(message);
      announce(message);
      // The row is gone: focus goes to what happened.
      window.setTimeout(() => document.getElementById('retry-notice')?.focus(), 0);
    } catch (err) {
      errors.show(retryProblem(err), requestIdOf(err));
    } finally {
      setRetrying(null);
    }
  }

  const note = todays.data ? providerNote(todays.data.providers) : undefined;

  return (
    <>
      <PageHeading>Messages</PageHeading>
      <p className="margin-top-0 maxw-tablet-lg">
        Reminders by text message and email, sent only on a channel the participant agreed to and
        only within the office’s sending hours (normally 9 AM to 8 PM Central time). A message never
        names the program, the court or an amount.
      </p>
      {note && (
        <Alert type="warning" heading={note.heading} headingLevel={2}>
          <p className="margin-0">{note.text}</p>
        </Alert>
      )}
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {notice && <DoneNotice id="retry-notice">{notice}</DoneNotice>}

      <h2>Today, {formatDate(today)}</h2>
      <QueryState query={todays} what="today’s messages">
        {(data) => (
          <DataTable
            label="Today’s messages by status"
            caption={`Messages due today by status (${data.total} in all)`}
            className="message-counts maxw-tablet-lg"
            stacked={false}
            columns={['Status', num('Messages')]}
          >
            {countRows(data.counts).map((r) => (
              <tr key={r.status}>
                <th scope="row">
                  <MessageStatusTag status={r.status} />
                  <span className="display-block text-normal text-base-dark margin-top-05">
                    {STATUS_MEANINGS[r.status]}
                  </span>
                </th>
                <td className="text-right font-mono-sm">{r.count}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>

      <h2>Failed messages</h2>
      <QueryState
        query={failed}
        what="the failed messages"
        waiting={namesPending}
        empty={failedItems.length === 0 && <p>No message has failed.</p>}
      >
        {(data) => (
          <>
            <p className="margin-top-0 maxw-tablet-lg">
              These were not sent after every attempt, or their hand-over was interrupted and they
              may have been delivered. “Send again” plans one at once; check the reason first.
            </p>
            <PagedTable
              paging={{
                page,
                limit: FAILED_PAGE_SIZE,
                total: data.total,
                to: '/messages',
                label: 'Pages of failed messages',
              }}
              rows={failedItems.length}
              label="Failed messages"
              caption={`Failed messages, latest due first (${data.total})`}
              className="failed-messages"
              columns={['Participant', 'Message', 'Was due', 'Reason', 'Action']}
            >
              {failedItems.map((m) => {
                const name = nameOf(m.participantId);
                return (
                  <tr key={m.id}>
                    <th scope="row" data-label="Participant">
                      <Link
                        to="/participants/$participantId"
                        params={{ participantId: m.participantId }}
                        search={{ tab: 'contact' }}
                      >
                        {name ?? 'Participant record'}
                      </Link>
                    </th>
                    <td data-label="Message">
                      {kindLabel(m.kind)}
                      <span className="display-block text-base-dark">
                        {CHANNEL_SHORT[m.channel] ?? m.channel}
                      </span>
                    </td>
                    <td data-label="Was due">{formatTimestamp(m.dueAt)}</td>
                    <td data-label="Reason">{reasonText(m.lastError)}</td>
                    <td data-label="Action">
                      <button
                        type="button"
                        className="usa-button usa-button--outline margin-right-0"
                        disabled={retrying !== null}
                        onClick={() => sendAgain(m)}
                      >
                        {retrying === m.id ? 'Sending again…' : 'Send again'}
                        <span className="usa-sr-only">
                          {' '}
                          the {kindLabel(m.kind).toLowerCase()} to {name ?? 'this participant'}
                        </span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </PagedTable>
          </>
        )}
      </QueryState>
    </>
  );
}
