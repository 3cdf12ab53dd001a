import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AnyRole, Audited, CurrentUser, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
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
  @Endpoint({
    summary: 'Create a staff account',
    created: StaffDto,
    refuses: ['VALIDATION_FAILED', 'DUPLICATE_EMAIL'],
    notes: {
      VALIDATION_FAILED:
        'also a password shorter than 12 characters, among the 10,000 most common, or containing the email before the @',
    },
  })
  create(@Body() dto: CreateStaffDto): Promise<StaffDto> {
    return this.staff.create(dto);
  }

  @Get()
  @Roles('ADMIN')
  @Endpoint({ summary: 'List staff accounts', ok: PageDto(StaffDto, 'StaffPage') })
  list(@Query() q: PageQuery): Promise<Page<StaffDto>> {
    return this.staff.list(q);
  }

  // Declared before GET :id so that "directory" is not taken for an id.
  @Get('directory')
  @AnyRole()
  @Endpoint({
    summary: 'Every staff member’s name and roles, by name: for pickers and "requested by" columns',
    ok: [StaffDirectoryEntryDto],
  })
  directory(): Promise<StaffDirectoryEntryDto[]> {
    return this.staff.directory();
  }

  @Get(':id')
  @Roles('ADMIN')
  @Endpoint({ summary: 'One staff account', ok: StaffDto, refuses: ['NOT_FOUND'] })
  get(@Param('id', UuidParamPipe) id: string): Promise<StaffDto> {
    return this.staff.get(id);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @Audited('staff.update', 'staff')
  @Endpoint({
    summary:
      'Change name, roles or active; deactivating ends the sessions. An ADMIN may only remove roles from their own account',
    ok: StaffDto,
    refuses: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'LAST_ADMIN'],
    notes: { FORBIDDEN: 'adding a role to your own account' },
  })
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
  @Endpoint({
    summary: 'Release a login lockout before its fifteen minutes are over',
    ok: StaffDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  unlock(@Param('id', UuidParamPipe) id: string): Promise<StaffDto> {
    return this.staff.unlock(id);
  }

  @Post(':id/password')
  @Roles('ADMIN', 'INTAKE', 'FACILITATOR', 'FINANCE', 'SUPERVISOR', 'AUDITOR')
  @HttpCode(204)
  @Audited('staff.password.change', 'staff')
  @Endpoint({
    summary:
      'Set a password (ADMIN for anyone; staff for themselves with currentPassword); ends sessions',
    noContent: true,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'ACCOUNT_LOCKED', 'RATE_LIMITED'],
    notes: {
      VALIDATION_FAILED:
        'a wrong currentPassword (counted as a failed sign-in of the account), or a password the policy refuses',
      ACCOUNT_LOCKED: 'five wrong passwords, here or at sign-in, lock for 15 minutes',
      RATE_LIMITED: 'too many failed sign-ins from this address',
    },
  })
  async changePassword(
    @CurrentUser() user: AuthenticatedStaff,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.staff.changePassword(user, id, dto);
  }
}
