import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { EligibilityController } from './eligibility.controller';
import { EligibilityRepository } from './eligibility.repository';
import { EligibilityService } from './eligibility.service';

@Module({
  imports: [ReferralsModule],
  controllers: [EligibilityController],
  providers: [EligibilityRepository, EligibilityService],
})
export class EligibilityModule {}
