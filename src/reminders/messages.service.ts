import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { Page, pageOf, PageQuery } from '../common/pagination';
import { ConsentsRepository } from './consents.repository';
import { Message, MessageFilter, MessagesRepository, MessageStatus } from './messages.repository';
import { EmailProvider, SmsProvider } from './providers';
import { ReminderPlanner } from './reminder-planner';

export interface MessagePage extends Page<Message> {
  counts: Record<MessageStatus, number>;
  providers: { EMAIL: boolean; SMS: boolean };
}

/** The messages as staff see them, and a supervisor's "Send again". */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly consents: ConsentsRepository,
    private readonly planner: ReminderPlanner,
    private readonly email: EmailProvider,
    private readonly sms: SmsProvider,
    private readonly clock: Clock,
  ) {}

  async ofParticipant(participantId: string, q: PageQuery): Promise<Page<Message>> {
    if (!(await this.consents.contact(participantId))) throw notFound('Participant', participantId);
    const [items, total] = await this.messages.ofParticipant(participantId, q.limit, q.offset);
    return pageOf(items, total, q);
  }

  async list(f: MessageFilter, q: PageQuery): Promise<MessagePage> {
    const [items, total, counts] = await this.messages.list(f, q.limit, q.offset);
    return {
      ...pageOf(items, total, q),
      counts,
      providers: { EMAIL: this.email.configured, SMS: this.sms.configured },
    };
  }

  /** FAILED only: planned again at once (within sending hours), attempts counted afresh. */
  async retry(id: string): Promise<Message> {
    const retried = await this.messages.retry(id, this.clock.now());
    if (!retried) {
      const current = await this.messages.get(id);
      if (!current) throw notFound('Message', id);
      throw new DomainError(
        'INVALID_TRANSITION',
        `Message ${id} is ${current.status}; only a FAILED message can be sent again.`,
        undefined,
        { currentStatus: current.status },
      );
    }
    await this.planner.wakeSender();
    return retried;
  }
}
