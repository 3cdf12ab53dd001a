import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { Request } from 'express';
import { ReportFormat } from './report.dto';

/** format=csv, or no format and an Accept header that prefers text/csv over JSON. */
export function wantsCsv(req: Request, format: ReportFormat | undefined): boolean {
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** A CSV attachment whose columns are the JSON fields, in the given order. */
export function csvFile(filename: string, columns: string[], records: object[]): StreamableFile {
  const text = stringify(records, {
    header: true,
    columns,
    // A spreadsheet would run a cell starting with = + - @ as a formula: a name must stay text.
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  });
  return new StreamableFile(Buffer.from(text, 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${filename}"`,
  });
}
