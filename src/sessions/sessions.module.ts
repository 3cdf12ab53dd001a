import { Module } from '@nestjs/common';
import { AttendanceService } from './attendance.service';
import { SeatsService } from './seats.service';
import { SessionRepository } from './session.repository';
import { EnrollmentSeatsController, SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Class sessions, their seats and attendance rosters (PRODUCT.md "Sessions and attendance"). */
@Module({
  controllers: [SessionsController, EnrollmentSeatsController],
  providers: [SessionRepository, SessionsService, SeatsService, AttendanceService],
  exports: [SessionRepository],
})
export class SessionsModule {}
