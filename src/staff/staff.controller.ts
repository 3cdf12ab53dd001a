import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AnyRole, Audited, CurrentUser, Roles } from '../common/decorators';
import { Page, PageDto, PageQuery } from '../common/pagination';
import { AuthenticatedStaff } from '../common/request-context';
import { UuidParamPipe } from '../common/validation';
import {
  ChangePasswordDto,
  CreateStaffDto,
  StaffDirectoryEntryDto,
  StaffDto,
  UpdateStaffDto,
} from './staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @Roles('ADMIN')
  @Audited('staff.create', 'staff')
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiCreatedResponse({ type: StaffDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED — also a password shorter than 12 characters, among the 10,000 most common, or containing the email before the @',
  })
  @ApiConflictResponse({ description: 'DUPLICATE_EMAIL' })
  create(@Body() dto: CreateStaffDto): Promise<StaffDto> {
    return this.staff.create(dto);
  }

  @Get()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'List staff accounts' })
  @ApiOkResponse({ type: PageDto(StaffDto, 'StaffPage') })
  list(@Query() q: PageQuery): Promise<Page<StaffDto>> {
    return this.staff.list(q);
  }

  // Declared before GET :id so that "directory" is not taken for an id.
  @Get('directory')
  @AnyRole()
  @ApiOperation({
    summary: 'Every staff member’s name and roles, by name: for pickers and "requested by" columns',
  })
  @ApiOkResponse({ type: [StaffDirectoryEntryDto] })
  directory(): Promise<StaffDirectoryEntryDto[]> {
    return this.staff.directory();
  }

  @Get(':id')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'One staff account' })
  @ApiOkResponse({ type: StaffDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', UuidParamPipe) id: string): Promise<StaffDto> {
    return this.staff.get(id);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @Audited('staff.update', 'staff')
  @ApiOperation({
    summary:
      'Change name, roles or active; deactivating ends the sessions. An ADMIN may only remove roles from their own account',
  })
  @ApiOkResponse({ type: StaffDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN — adding a role to your own account' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: 'LAST_ADMIN' })
  update(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateStaffDto,
  ): Promise<StaffDto> {
    return this.staff.update(user, id, dto);
  }

  @Post(':id/unlock')
  @Roles('ADMIN')
  @HttpCode(200)
  @Audited('staff.unlock', 'staff')
  @ApiOperation({ summary: 'Release a login lockout before its fifteen minutes are over' })
  @ApiOkResponse({ type: StaffDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  unlock(@Param('id', UuidParamPipe) id: string): Promise<StaffDto> {
    return this.staff.unlock(id);
  }

  @Post(':id/password')
  @Roles('ADMIN', 'INTAKE', 'FACILITATOR', 'FINANCE', 'SUPERVISOR', 'AUDITOR')
  @HttpCode(204)
  @Audited('staff.password.change', 'staff')
  @ApiOperation({
    summary:
      'Set a password (ADMIN for anyone; staff for themselves with currentPassword); ends sessions',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED — a wrong currentPassword (counted as a failed sign-in of the account), or a password the policy refuses',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiResponse({
    status: 423,
    description: 'ACCOUNT_LOCKED — five wrong passwords, here or at sign-in, lock for 15 minutes',
  })
  @ApiTooManyRequestsResponse({
    description: 'RATE_LIMITED — too many failed sign-ins from this address',
  })
  async changePassword(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.staff.changePassword(user, id, dto);
  }
}
