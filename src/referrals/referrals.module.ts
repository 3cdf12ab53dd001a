import { Module } from '@nestjs/common';
import { ParticipantsModule } from '../participants/participants.module';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [ParticipantsModule],
  controllers: [ReferralsController],
  providers: [ReferralsRepository, ReferralsService],
  exports: [ReferralsRepository],
})
export class ReferralsModule {}
