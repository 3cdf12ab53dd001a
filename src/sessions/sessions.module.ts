import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';
import { SeatRepository } from './seat.repository';
import { SeatsService } from './seats.service';
import { SessionRepository } from './session.repository';
import { EnrollmentSeatsController, SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Class sessions, their seats and attendance rosters (PRODUCT.md "Sessions and attendance"). */
@Module({
  imports: [RemindersModule],
  controllers: [SessionsController, EnrollmentSeatsController],
  providers: [
    SessionRepository,
    SeatRepository,
    AttendanceRepository,
    SessionsService,
    SeatsService,
    AttendanceService,
  ],
  exports: [SessionsService],
})
export class SessionsModule {}
