import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { EligibilityController } from './eligibility.controller';
import { EligibilityService } from './eligibility.service';

@Module({
  imports: [ReferralsModule],
  controllers: [EligibilityController],
  providers: [EligibilityService],
})
export class EligibilityModule {}
