import { Body, Controller, Get, Injectable, Param, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { AnyRole, Audited, Roles } from '../common/decorators';
import { notFound } from '../common/domain-error';
import { Tx, TransactionHost } from '../common/transactions';
import { UuidParamPipe } from '../common/validation';
import { PROGRAM_CODES, ProgramEntity } from './program.entity';

export class ProgramDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PROGRAM_CODES }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Fee assessed on enrollment, in cents' }) feeCents: number;
  @ApiProperty() requiredSessions: number;
  @ApiProperty() completionWindowDays: number;
  @ApiProperty({ example: "Veronica's Voice" }) beneficiary: string;

  static of(p: ProgramEntity): ProgramDto {
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      feeCents: p.feeCents,
      requiredSessions: p.requiredSessions,
      completionWindowDays: p.completionWindowDays,
      beneficiary: p.beneficiary,
    };
  }
}

export class UpdateProgramDto {
  @ApiPropertyOptional({
    description: 'Applies to new enrollments only',
    minimum: 1,
    maximum: 10_000_000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  feeCents?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  requiredSessions?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 730 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  completionWindowDays?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  name?: string;
}

@Injectable()
export class ProgramsService {
  constructor(private readonly txHost: TransactionHost) {}

  private get repo() {
    return (this.txHost as Tx).tx.getRepository(ProgramEntity);
  }

  async list(): Promise<ProgramDto[]> {
    return (await this.repo.find({ order: { code: 'ASC' } })).map(ProgramDto.of);
  }

  async update(id: string, dto: UpdateProgramDto): Promise<ProgramDto> {
    const p = await this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!p) throw notFound('Program', id);
    Object.assign(p, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    return ProgramDto.of(await this.repo.save(p));
  }
}

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
