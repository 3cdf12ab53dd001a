import { forwardRef, Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { ParticipantsController } from './participants.controller';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

/** Owns `participants`. A birth-date change asks the referrals module to stale their checks. */
@Module({
  imports: [forwardRef(() => ReferralsModule)],
  controllers: [ParticipantsController],
  providers: [ParticipantsRepository, ParticipantsService],
  exports: [ParticipantsRepository],
})
export class ParticipantsModule {}
