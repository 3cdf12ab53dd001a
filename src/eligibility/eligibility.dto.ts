import { ApiProperty } from '@nestjs/swagger';

export class RuleResultDto {
  @ApiProperty({
    example: 'MINOR_INVOLVED',
    enum: [
      'CHARGE_NOT_ELIGIBLE',
      'MINOR_INVOLVED',
      'MINOR_STATUS_UNVERIFIED',
      'PARTICIPANT_NOT_ADULT',
      'PRIOR_CONVICTION',
      'PRIOR_DIVERSION',
      'PENDING_CHARGE',
      'REGISTERED_SEX_OFFENDER',
      'TRAFFICKING_CHARGE',
    ],
  })
  code: string;
  passed: boolean;
  @ApiProperty({ description: 'Why, in words a case manager can read to the court' })
  message: string;
}

export class EligibilityCheckDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ description: 'true only if every rule passed' }) eligible: boolean;
  @ApiProperty({ example: 'MO-2026.1' }) ruleSetVersion: string;
  @ApiProperty({ description: "The referral's screening version the check saw" })
  screeningVersion: number;
  @ApiProperty({
    description: 'A screening fact changed since: enrollment needs a fresh check',
  })
  stale: boolean;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ format: 'uuid', description: 'Staff member who ran the check' }) checkedBy: string;
  @ApiProperty({ type: [RuleResultDto], description: 'Every rule of the set, passed or not' })
  reasons: RuleResultDto[];
}
