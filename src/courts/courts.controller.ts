import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AnyRole, Audited, Roles } from '../common/decorators';
import { UuidParamPipe } from '../common/validation';
import { CourtDto, CourtQuery, CreateCourtDto, UpdateCourtDto } from './court.dto';
import { CourtsService } from './courts.service';

@ApiTags('courts')
@Controller('courts')
export class CourtsController {
  constructor(private readonly courts: CourtsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({
    summary: 'The courts a referral names (its jurisdiction is a court code), by name',
  })
  @ApiOkResponse({ type: [CourtDto] })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  list(@Query() q: CourtQuery): Promise<CourtDto[]> {
    return this.courts.list(q);
  }

  @Post()
  @Roles('ADMIN')
  @Audited('court.create', 'court')
  @ApiOperation({ summary: 'Add a court to the list' })
  @ApiCreatedResponse({ type: CourtDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ description: 'DUPLICATE_COURT (the code or the name is taken)' })
  create(@Body() dto: CreateCourtDto): Promise<CourtDto> {
    return this.courts.create(dto);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @Audited('court.update', 'court')
  @ApiOperation({
    summary:
      'Rename a court, or take it off the list (active: false) or back; its code never changes',
  })
  @ApiOkResponse({ type: CourtDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (also: another code)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'DUPLICATE_COURT (the name is taken)' })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateCourtDto): Promise<CourtDto> {
    return this.courts.update(id, dto);
  }
}
