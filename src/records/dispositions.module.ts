import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { DispositionsController } from './dispositions.controller';
import { DispositionsRepository } from './dispositions.repository';
import { DispositionsService } from './dispositions.service';

/**
 * The court's word after the class: owns `referral_dispositions` and `referral_expungements`.
 * Reads referrals through the referrals module; nothing imports this module.
 */
@Module({
  imports: [ReferralsModule],
  controllers: [DispositionsController],
  providers: [DispositionsRepository, DispositionsService],
})
export class DispositionsModule {}
