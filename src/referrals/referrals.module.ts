import { forwardRef, Module } from '@nestjs/common';
import { CourtsModule } from '../courts/courts.module';
import { ParticipantsModule } from '../participants/participants.module';
import { ParticipantReferralsController, ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

/** Owns `referrals` (and their checks' staleness, screening_version). */
@Module({
  imports: [forwardRef(() => ParticipantsModule), CourtsModule],
  controllers: [ReferralsController, ParticipantReferralsController],
  providers: [ReferralsRepository, ReferralsService],
  exports: [ReferralsRepository],
})
export class ReferralsModule {}
