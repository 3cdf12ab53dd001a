import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { UuidParamPipe } from '../common/validation';
import { renderCompletionNotice } from './completion-notice.pdf';
import { CompletionService } from './completion.service';
import { OpensRecord } from '../records/closed-record.interceptor';

@ApiTags('enrollments')
@Controller('enrollments')
export class CompletionController {
  constructor(private readonly completion: CompletionService) {}

  @Get(':id/completion-notice.pdf')
  @Roles('INTAKE', 'SUPERVISOR', 'AUDITOR')
  @Header('Cache-Control', 'no-store')
  @OpensRecord('ENROLLMENT')
  @Endpoint({
    summary:
      'One-page completion notice for the prosecutor (program, participant, case, sessions, fees, certificate)',
    produces: ['application/pdf'],
    ok: { description: 'application/pdf', schema: { type: 'string', format: 'binary' } },
    refuses: ['VALIDATION_FAILED', 'NOT_FOUND', 'ENROLLMENT_NOT_COMPLETED'],
    notes: { ENROLLMENT_NOT_COMPLETED: 'only a COMPLETED enrollment has a notice' },
  })
  async notice(@Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    const notice = await this.completion.notice(id);
    const pdf = await renderCompletionNotice(notice);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="completion-notice-${notice.certificateNumber.replace(/[^A-Za-z0-9-]/g, '')}.pdf"`,
      length: pdf.length,
    });
  }
}
