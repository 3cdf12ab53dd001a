import { Module } from '@nestjs/common';
import { CourtsModule } from '../courts/courts.module';
import { ParticipantsModule } from '../participants/participants.module';
import { ParticipantReferralsController, ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

/**
 * Owns `referrals` (and their checks' staleness, screening_version, bumped when a participant's
 * date of birth changes). Exports its service: other modules read referrals through it.
 */
@Module({
  imports: [ParticipantsModule, CourtsModule],
  controllers: [ReferralsController, ParticipantReferralsController],
  providers: [ReferralsRepository, ReferralsService],
  exports: [ReferralsService],
})
export class ReferralsModule {}
