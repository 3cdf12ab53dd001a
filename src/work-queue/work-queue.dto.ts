import { ApiProperty } from '@nestjs/swagger';
import { STAFF_ROLES } from '../common/roles';

export const WORK_QUEUE_KEYS = [
  'referralsAwaitingCheck',
  'eligibleNotEnrolled',
  'enrolledWithoutSeat',
  'mySessionsToday',
  'paymentsToday',
  'balancesOver90',
  'waiverRequestsWaiting',
  'reversalRequestsWaiting',
  'sessionsWithoutAttendance',
  'enrollmentsPastDeadline',
  'recentActivity',
  'followUpsDue',
] as const;
export type WorkQueueKey = (typeof WORK_QUEUE_KEYS)[number];

export class WorkQueueListDto {
  @ApiProperty({
    example: '/enrollments',
    description: 'A list route of this API, without the /api/v1 prefix',
  })
  path: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { status: 'ACTIVE', overdue: 'true' },
    description:
      "The query parameters that list exactly the rows counted: the list's total (a report: its rows) is the count",
  })
  query: Record<string, string>;
}

export class WorkQueueCardDto {
  @ApiProperty({ enum: WORK_QUEUE_KEYS }) key: WorkQueueKey;
  @ApiProperty({ enum: STAFF_ROLES, description: 'The role whose work this is' }) role: string;
  count: number;
  @ApiProperty({ type: WorkQueueListDto }) list: WorkQueueListDto;
}

export class WorkQueueDto {
  @ApiProperty({
    type: [WorkQueueCardDto],
    description:
      "Cards of the caller's roles only, in this order: INTAKE referralsAwaitingCheck, eligibleNotEnrolled, enrolledWithoutSeat, followUpsDue; FACILITATOR mySessionsToday; FINANCE paymentsToday, balancesOver90; SUPERVISOR waiverRequestsWaiting, reversalRequestsWaiting, sessionsWithoutAttendance, enrollmentsPastDeadline, followUpsDue (once per caller: under INTAKE when the caller has both); AUDITOR recentActivity",
  })
  cards: WorkQueueCardDto[];
}
