import { Module } from '@nestjs/common';
import { ConsentsRepository } from './consents.repository';
import { ConsentsService } from './consents.service';
import { MessageSender } from './message-sender';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { EmailProvider, SmsProvider } from './providers';
import { ReminderPlanner } from './reminder-planner';
import {
  MessagesController,
  ParticipantContactController,
  SmsWebhooksController,
  UnsubscribeController,
} from './reminders.controller';

/**
 * Contact, consent and reminders (PRODUCT.md). Owns `contact_consents` (ConsentsRepository) and
 * `messages`, the outbox (MessagesRepository). Other modules call the exported ReminderPlanner in
 * their own transaction when a change causes or cancels a reminder; MessageSender is a task of
 * the job runner.
 */
@Module({
  controllers: [
    ParticipantContactController,
    MessagesController,
    SmsWebhooksController,
    UnsubscribeController,
  ],
  providers: [
    ConsentsRepository,
    MessagesRepository,
    ReminderPlanner,
    ConsentsService,
    MessagesService,
    MessageSender,
    EmailProvider,
    SmsProvider,
  ],
  exports: [ReminderPlanner],
})
export class RemindersModule {}
