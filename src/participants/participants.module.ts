import { Module } from '@nestjs/common';
import { BirthDateChanges } from './birth-date-changes';
import { ParticipantsController } from './participants.controller';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

/**
 * Owns `participants`. Exports its service (a referral checks that its participant exists) and
 * BirthDateChanges, which the referrals module listens to (a new date of birth stales checks).
 */
@Module({
  controllers: [ParticipantsController],
  providers: [ParticipantsRepository, ParticipantsService, BirthDateChanges],
  exports: [ParticipantsService, BirthDateChanges],
})
export class ParticipantsModule {}
