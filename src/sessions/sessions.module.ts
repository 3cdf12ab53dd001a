import { Module } from '@nestjs/common';
import { AttendanceService } from './attendance.service';
import { SeatsService } from './seats.service';
import { SessionRepository } from './session.repository';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Class sessions, their seats and attendance rosters (PRODUCT.md "Sessions and attendance"). */
@Module({
  controllers: [SessionsController],
  providers: [SessionRepository, SessionsService, SeatsService, AttendanceService],
})
export class SessionsModule {}
