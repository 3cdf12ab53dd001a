import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AnyRole, Audited, Roles } from '../common/decorators';
import { UuidParamPipe } from '../common/validation';
import { ProgramDto, UpdateProgramDto } from './program.dto';
import { ProgramsService } from './programs.service';

@ApiTags('programs')
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'The two programs with their fee, sessions and completion window' })
  @ApiOkResponse({ type: [ProgramDto] })
  list(): Promise<ProgramDto[]> {
    return this.programs.list();
  }

  @Patch(':id')
  @Roles('ADMIN')
  @Audited('program.update', 'program')
  @ApiOperation({ summary: 'Change fee, sessions, window or name (new enrollments only)' })
  @ApiOkResponse({ type: ProgramDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateProgramDto,
  ): Promise<ProgramDto> {
    return this.programs.update(id, dto);
  }
}
