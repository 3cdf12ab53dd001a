import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Audited, CurrentUser, Roles } from '../common/decorators';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import { CreateReferralDto, ReferralDto, UpdateReferralDto } from './referral.dto';
import { ReferralsService } from './referrals.service';

@ApiTags('referrals')
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post()
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('referral.create', 'referral')
  @ApiOperation({ summary: 'Record a court referral (one case) of a participant' })
  @ApiCreatedResponse({ type: ReferralDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND — no such participant' })
  @ApiConflictResponse({ description: 'DUPLICATE_CASE — the body carries `existingId`' })
  create(
    @Body() dto: CreateReferralDto,
    @CurrentUser() user: AuthenticatedStaff,
  ): Promise<ReferralDto> {
    return this.referrals.create(dto, user.id);
  }

  @Get(':id')
  @Roles('INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR')
  @ApiOperation({ summary: 'One referral' })
  @ApiOkResponse({ type: ReferralDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (malformed id)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', UuidParamPipe) id: string): Promise<ReferralDto> {
    return this.referrals.get(id);
  }

  @Patch(':id')
  @Roles('INTAKE', 'SUPERVISOR')
  @Audited('referral.update', 'referral')
  @ApiOperation({
    summary: 'Correct a referral; changing a screening fact makes earlier eligibility checks stale',
  })
  @ApiOkResponse({ type: ReferralDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'DUPLICATE_CASE' })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateReferralDto,
  ): Promise<ReferralDto> {
    return this.referrals.update(id, dto);
  }
}
