import { randomInt } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { parseSendingHours, SendingHours, withinSendingHours } from '../common/chicago-time';
import { Clock } from '../common/clock';
import { TransactionHost } from '../common/transactions';
import { AppConfig, requireJwtSecret } from '../config/app-config';
import { JobQueue, JobTask } from '../jobs/job-runner';
import { ConsentsService } from './consents.service';
import { forbiddenWordInMessage, renderMessage } from './message-templates';
import { ClaimedMessage, MessagesRepository, Outcome } from './messages.repository';
import { EmailProvider, HandOver, SmsProvider } from './providers';
import { SEND_DUE_MESSAGES } from './reminder-planner';
import { UnsubscribeTokens } from './unsubscribe-token';

/** Advisory-lock namespace of the sending instances' leases (two-key locks: no clash). */
const LEASE_NAMESPACE = 72_046_112;
/** Messages claimed at a time: as many as are handed over at once, so few wait claimed. */
const BATCH = 8;

/**
 * An instance's hold on the messages it claims: a session advisory lock, on a connection of its
 * own, whose key marks each claim. While the process lives the lock is held; when it dies, its
 * connection closes and the lock is free: its claims were interrupted.
 */
class InstanceLease {
  private client?: Client;
  private key?: Promise<number>;

  constructor(private readonly config: () => ClientConfig) {}

  current(): Promise<number> {
    return (this.key ??= this.acquire().catch((err: unknown) => {
      this.key = undefined;
      throw err;
    }));
  }

  private async acquire(): Promise<number> {
    const client = new Client(this.config());
    client.on('error', () => {
      // The connection is gone and the lock with it: the next claim takes a new one (claims of
      // the old key are then failed as interrupted, which is the safe side).
      this.key = undefined;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
    });
    await client.connect();
    for (;;) {
      const key = randomInt(1, 2 ** 31 - 1);
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        LEASE_NAMESPACE,
        key,
      ]);
      if (r.rows[0].ok) {
        this.client = client;
        return key;
      }
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.key = undefined;
    await client?.end().catch(() => undefined);
  }
}

/**
 * Sends what is due, never twice (PRODUCT.md "Delivery"). A job of the job runner: every minute,
 * at start, and at once when a change plans a message due now. What is due is decided by the
 * program's clock (`CLOCK_START` moves it), compared in SQL; nothing goes outside the sending
 * hours. Each message is claimed (SENDING, committed) before it is handed to the provider, and its
 * outcome recorded after: one whose hand-over was interrupted stays claimed by an instance that
 * is gone, and ends FAILED "interrupted: may have been delivered" — never sent again by itself.
 */
@Injectable()
export class MessageSender implements OnModuleDestroy {
  private readonly logger = new Logger('MessageSender');
  private readonly hours: SendingHours;
  private readonly delays: number[];
  private readonly lease: InstanceLease;
  private readonly tokens: UnsubscribeTokens;
  private stopping = false;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly consents: ConsentsService,
    private readonly email: EmailProvider,
    private readonly sms: SmsProvider,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    txHost: TransactionHost,
  ) {
    this.hours = parseSendingHours(config.SENDING_HOURS);
    this.delays = config.MESSAGE_RETRY_DELAYS.split(',').map(Number);
    this.lease = new InstanceLease(() => ({ ...(txHost.pool.options as ClientConfig) }));
    this.tokens = new UnsubscribeTokens(requireJwtSecret(config));
  }

  /** The link in every email: `{PUBLIC_BASE_URL}/unsubscribe?token=…`. */
  unsubscribeUrl(participantId: string): string {
    return `${this.config.PUBLIC_BASE_URL}/unsubscribe?token=${this.tokens.sign(participantId, 'EMAIL')}`;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.lease.close();
  }

  @JobTask({ task: SEND_DUE_MESSAGES, crontab: '* * * * *', atStart: true })
  async sendDue(): Promise<void> {
    await this.messages.failInterrupted(LEASE_NAMESPACE);
    if (!this.config.REMINDERS_ENABLED) return;
    while (!this.stopping) {
      const now = this.clock.now();
      if (!withinSendingHours(now, this.hours)) return;
      const claimant = await this.lease.current();
      const batch = await this.messages.claim(now, BATCH, claimant);
      // More may be due: another worker (of any instance) joins in while this batch goes out.
      if (batch.length === BATCH)
        await this.jobs.add(SEND_DUE_MESSAGES, { jobKey: `${SEND_DUE_MESSAGES}:more` });
      await Promise.all(batch.map((m) => this.deliver(m, claimant)));
      if (batch.length < BATCH) return;
    }
  }

  private async deliver(m: ClaimedMessage, claimant: number): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.attempt(m);
    } catch (err) {
      // A bug here must not leave the message claimed by a live instance for ever.
      outcome = {
        status: 'FAILED',
        error: `error: ${(err as Error).message}`,
        recipient: null,
        body: null,
      };
    }
    for (let i = 0; ; i++) {
      try {
        if (!(await this.messages.settle(m.id, claimant, outcome, this.clock.now())))
          this.logger.warn(
            `message ${m.id}: its claim had been released; outcome ${outcome.status} not recorded`,
          );
        return;
      } catch (err) {
        if (i >= 2) {
          this.logger.error(
            `message ${m.id}: outcome ${outcome.status} not recorded: ${String(err)}`,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 500 * (i + 1)));
      }
    }
  }

  /** Decides, words and hands over one claimed message. */
  private async attempt(m: ClaimedMessage): Promise<Outcome> {
    const dropped = this.whyNot(m);
    if (dropped) return dropped;
    const unsubscribeUrl = m.channel === 'EMAIL' ? this.unsubscribeUrl(m.participantId) : undefined;
    const rendered = renderMessage(
      {
        kind: m.kind,
        channel: m.channel,
        startsAt: m.sessionStartsAt ?? undefined,
        location: m.sessionLocation ?? undefined,
        cancelled: m.sessionCancelled,
        deadline: m.deadline ?? undefined,
        unsubscribeUrl,
      },
      { senderName: this.config.MESSAGE_SENDER_NAME, officePhone: this.config.OFFICE_PHONE },
    );
    const word = forbiddenWordInMessage(rendered, unsubscribeUrl);
    if (word) {
      return {
        status: 'NOT_SENT',
        error: `would name "${word}" (from the session's location?): messages never say what the program is`,
      };
    }
    const recipient = m.channel === 'SMS' ? m.smsNumber! : m.email!;
    const handOver: HandOver =
      m.channel === 'SMS'
        ? await this.sms.send({ messageId: m.id, to: recipient, text: rendered.text })
        : await this.email.send({
            to: recipient,
            subject: rendered.subject!,
            text: rendered.text,
            unsubscribeUrl: unsubscribeUrl!,
          });
    const body = rendered.subject ? `${rendered.subject}\n\n${rendered.text}` : rendered.text;
    if (handOver.ok)
      return { status: 'SENT', providerMessageId: handOver.providerMessageId, recipient, body };
    if (handOver.optedOut) {
      await this.consents.recordBySystem(m.participantId, 'SMS', false, 'CARRIER_OPT_OUT');
    }
    if (handOver.temporary && m.attempts <= this.delays.length) {
      const delay = this.delays[m.attempts - 1];
      const nextAttemptAt = new Date(this.clock.now().getTime() + delay * 1000);
      // A hint to wake up then; the outbox row is what counts (the cron finds it anyway).
      await this.jobs
        .add(SEND_DUE_MESSAGES, { runAt: new Date(Date.now() + delay * 1000) })
        .catch(() => undefined);
      return { status: 'RETRY', error: handOver.error, nextAttemptAt, recipient, body };
    }
    const error = handOver.temporary
      ? `${handOver.error} (${m.attempts} attempts)`
      : handOver.error;
    return { status: 'FAILED', error, recipient, body };
  }

  /** Why a due message is not to be sent after all, if it is not. */
  private whyNot(m: ClaimedMessage): Outcome | undefined {
    const now = this.clock.now();
    const withdrawn = (error: string): Outcome => ({ status: 'WITHDRAWN', error });
    const notSent = (error: string): Outcome => ({ status: 'NOT_SENT', error });
    if (!m.consent) return withdrawn('consent withdrawn');
    if (m.enrollmentActive === false) return withdrawn('enrollment ended');
    const aboutSession = ['SESSION_REMINDER_7D', 'SESSION_REMINDER_1D', 'SESSION_CHANGED'];
    if (aboutSession.includes(m.kind) && m.sessionStartsAt && m.sessionStartsAt <= now)
      return notSent('the session had started');
    if (m.kind === 'SESSION_REMINDER_7D' || m.kind === 'SESSION_REMINDER_1D') {
      if (m.sessionCancelled) return withdrawn('session cancelled');
      if (!m.seated) return withdrawn('seat removed');
    }
    if (m.kind === 'PAYMENT_REMINDER' && (m.balanceCents ?? 0) <= 0)
      return withdrawn('balance paid');
    if (m.kind === 'DEADLINE_REMINDER' && m.sessionsMissing === false)
      return withdrawn('sessions completed');
    if (m.channel === 'SMS' && !m.smsNumber)
      return notSent('no phone number that reads as a US number');
    if (m.channel === 'EMAIL' && !m.email) return notSent('no email address');
    const provider = m.channel === 'SMS' ? this.sms : this.email;
    if (!provider.configured) return notSent('no provider configured');
    return undefined;
  }
}
