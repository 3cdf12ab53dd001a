import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AnyRole, Audited, Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { UuidParamPipe } from '../common/validation';
import { ProgramDto, UpdateProgramDto } from './program.dto';
import { ProgramsService } from './programs.service';

@ApiTags('programs')
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Get()
  @AnyRole()
  @Endpoint({
    summary: 'The two programs with their fee, sessions and completion window',
    ok: [ProgramDto],
  })
  list(): Promise<ProgramDto[]> {
    return this.programs.list();
  }

  @Patch(':id')
  @Roles('ADMIN')
  @Audited('program.update', 'program')
  @Endpoint({
    summary: 'Change fee, sessions, window or name (new enrollments only)',
    ok: ProgramDto,
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateProgramDto,
  ): Promise<ProgramDto> {
    return this.programs.update(id, dto);
  }
}
