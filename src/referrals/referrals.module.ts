import { Module } from '@nestjs/common';
import { ParticipantsModule } from '../participants/participants.module';
import { ParticipantReferralsController, ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [ParticipantsModule],
  controllers: [ReferralsController, ParticipantReferralsController],
  providers: [ReferralsRepository, ReferralsService],
  exports: [ReferralsRepository],
})
export class ReferralsModule {}
