import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { TransactionHost } from '../common/transactions';
import { AppConfig } from '../config/app-config';
import { ConsentRecord, ConsentSource, ConsentsRepository } from './consents.repository';
import { Channel, helpReply, restartReply, TemplateSettings } from './message-templates';
import { ReminderPlanner } from './reminder-planner';

/** Words that end texts for a number (carriers' and Twilio's list), in any case. */
export const STOP_WORDS = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
]);
export const START_WORDS = new Set(['START', 'UNSTOP']);
export const HELP_WORDS = new Set(['HELP', 'INFO']);

export interface ConsentsView {
  current: Record<Channel, { granted: boolean; source: ConsentSource; at: string } | null>;
  history: ConsentRecord[];
}

/**
 * Consent per channel: recorded by staff (with its source) or by the system (a STOP or START
 * reply, the email's unsubscribe link, the gateway's opt-out). Revoking is immediate: every
 * planned message of that channel is withdrawn in the same transaction; consent given later plans
 * what is still ahead.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly planner: ReminderPlanner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly txHost: TransactionHost,
  ) {}

  get templateSettings(): TemplateSettings {
    return { senderName: this.config.MESSAGE_SENDER_NAME, officePhone: this.config.OFFICE_PHONE };
  }

  async view(participantId: string): Promise<ConsentsView> {
    if (!(await this.consents.contact(participantId))) throw notFound('Participant', participantId);
    const history = await this.consents.history(participantId);
    const latest = (channel: Channel) => {
      const r = history.find((h) => h.channel === channel);
      return r ? { granted: r.granted, source: r.source, at: r.at } : null;
    };
    return { current: { SMS: latest('SMS'), EMAIL: latest('EMAIL') }, history };
  }

  /** Staff record consent given or withdrawn (sources SIGNED_AGREEMENT, VERBAL, WRITTEN_REQUEST). */
  async record(
    participantId: string,
    v: { channel: Channel; granted: boolean; source: ConsentSource },
    staffId: string,
  ): Promise<ConsentRecord> {
    const contact = await this.consents.contact(participantId);
    if (!contact) throw notFound('Participant', participantId);
    if (v.granted && v.channel === 'SMS' && !contact.smsNumber) {
      throw contactMissing('SMS', 'the participant has no phone number that reads as a US number');
    }
    if (v.granted && v.channel === 'EMAIL' && !contact.email) {
      throw contactMissing('EMAIL', 'the participant has no email address');
    }
    const record = await this.consents.record({
      participantId,
      ...v,
      at: this.clock.now(),
      recordedBy: staffId,
    });
    await this.planner.consentChanged(participantId, v.channel, v.granted);
    return record;
  }

  /**
   * The system records a participant's own word (or the carrier's): only a change of state is
   * written. Returns whether it changed anything.
   */
  async recordBySystem(
    participantId: string,
    channel: Channel,
    granted: boolean,
    source: 'PARTICIPANT_REPLY' | 'UNSUBSCRIBE' | 'CARRIER_OPT_OUT',
  ): Promise<boolean> {
    return this.txHost.withTransaction(async () => {
      const current = await this.consents.current(participantId, channel);
      // START gives back what was withdrawn; it does not stand in for consent never given.
      const changes = granted ? current !== undefined && !current.granted : current?.granted;
      if (!changes) return false;
      await this.consents.record({
        participantId,
        channel,
        granted,
        source,
        at: this.clock.now(),
        recordedBy: null,
      });
      await this.planner.consentChanged(participantId, channel, granted);
      return true;
    });
  }

  /**
   * A text to the office's number: STOP and the other stop words revoke SMS consent for every
   * participant with that number, START or UNSTOP give it back, HELP is answered with the office's
   * phone. Returns the reply to send back (none for a stop word: the gateway confirms those
   * itself), and the participants whose consent changed.
   */
  async inboundText(from: string, body: string): Promise<{ reply?: string; changed: string[] }> {
    const word = body
      .trim()
      .replace(/[.!]+$/, '')
      .toUpperCase();
    const isStop = STOP_WORDS.has(word);
    const isStart = START_WORDS.has(word);
    if (HELP_WORDS.has(word)) return { reply: helpReply(this.templateSettings), changed: [] };
    if (!isStop && !isStart) return { changed: [] };
    const number = await this.consents.e164(from);
    const changed: string[] = [];
    if (number) {
      for (const participantId of await this.consents.participantsWithNumber(number)) {
        if (await this.recordBySystem(participantId, 'SMS', isStart, 'PARTICIPANT_REPLY'))
          changed.push(participantId);
      }
    }
    return { reply: isStart ? restartReply(this.templateSettings) : undefined, changed };
  }
}

const contactMissing = (channel: Channel, message: string) =>
  new DomainError(
    'CONTACT_MISSING',
    `Consent to ${channel === 'SMS' ? 'text messages' : 'email'} needs ${channel === 'SMS' ? 'a US phone number' : 'an email address'} on the participant's record (PATCH /participants/:id).`,
    [{ field: 'channel', message }],
  );
