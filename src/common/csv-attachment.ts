import { StreamableFile } from '@nestjs/common';

/** A CSV download (UTF-8, attachment); its text comes from csvText (common/csv.ts). */
export function csvAttachment(filename: string, text: string): StreamableFile {
  return new StreamableFile(Buffer.from(text, 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${filename}"`,
  });
}
