import { Module } from '@nestjs/common';
import { FollowUpListHook } from './follow-up-list.hook';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';

/** Follow-up after exit: owns `follow_up_results`; the work queue counts through the service. */
@Module({
  controllers: [FollowUpsController],
  providers: [FollowUpsRepository, FollowUpsService, FollowUpListHook],
  exports: [FollowUpsService],
})
export class FollowUpsModule {}
