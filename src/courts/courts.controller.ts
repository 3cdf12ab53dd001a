import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AnyRole, Audited, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { UuidParamPipe } from '../common/validation';
import { CourtDto, CourtQuery, CreateCourtDto, UpdateCourtDto } from './court.dto';
import { CourtsService } from './courts.service';

@ApiTags('courts')
@Controller('courts')
export class CourtsController {
  constructor(private readonly courts: CourtsService) {}

  @Get()
  @AnyRole()
  @Endpoint({
    summary: 'The courts a referral names (its jurisdiction is a court code), by name',
    ok: [CourtDto],
    refuses: ['VALIDATION_FAILED'],
  })
  list(@Query() q: CourtQuery): Promise<CourtDto[]> {
    return this.courts.list(q);
  }

  @Post()
  @Roles('ADMIN')
  @Audited('court.create', 'court')
  @Endpoint({
    summary: 'Add a court to the list',
    created: CourtDto,
    refuses: ['VALIDATION_FAILED', 'DUPLICATE_COURT'],
    notes: { DUPLICATE_COURT: 'the code or the name is taken' },
  })
  create(@Body() dto: CreateCourtDto): Promise<CourtDto> {
    return this.courts.create(dto);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @Audited('court.update', 'court')
  @Endpoint({
    summary:
      'Rename a court, or take it off the list (active: false) or back; its code never changes',
    ok: CourtDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'DUPLICATE_COURT'],
    notes: { VALIDATION_FAILED: 'also: another code', DUPLICATE_COURT: 'the name is taken' },
  })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateCourtDto): Promise<CourtDto> {
    return this.courts.update(id, dto);
  }
}
