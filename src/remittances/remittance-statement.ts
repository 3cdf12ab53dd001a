import { CsvColumn, csvDollars, csvText } from '../common/csv';
import { chicagoDateTime } from '../common/dates';
import {
  BATCH_STATUS_LABELS,
  labelOf,
  PROGRAM_LABELS,
  STATEMENT_KIND_LABELS,
} from '../common/labels';
import { formatDollars } from '../common/money';
import type PDFKitDocument from 'pdfkit';

/** pdfkit (about 20 MB of RSS once loaded) is loaded by the first PDF, not at start-up. */
const loadPdfKit = (): Promise<typeof PDFKitDocument> => import('pdfkit').then((m) => m.default);

/**
 * The statement Veronica's Voice receives with a transfer. It is built only from the batch and
 * its items (date, receipt number, program, kind, amount): no participant, case or person data
 * ever reaches it, so none can leak.
 */
export interface StatementBatch {
  id: string;
  beneficiary: string;
  periodEnd: string;
  status: string;
  totalCents: number;
  itemCount: number;
  createdAt: string;
  transferReference?: string;
  sentOn?: string;
}

export interface StatementItem {
  kind: string;
  reversedKind?: string;
  receiptNumber?: string;
  programCode: string;
  receivedOn: string;
  amountCents: number;
}

export interface StatementTotal {
  key: string;
  itemCount: number;
  amountCents: number;
}

/** PAYMENT, REFUND, REVERSAL_OF_PAYMENT or REVERSAL_OF_REFUND. */
export const statementKind = (item: StatementItem): string =>
  item.kind === 'REVERSAL' && item.reversedKind ? `REVERSAL_OF_${item.reversedKind}` : item.kind;

export function totalsBy(
  items: StatementItem[],
  keyOf: (item: StatementItem) => string,
): StatementTotal[] {
  const totals = new Map<string, StatementTotal>();
  for (const item of items) {
    const key = keyOf(item);
    const t = totals.get(key) ?? { key, itemCount: 0, amountCents: 0 };
    t.itemCount += 1;
    t.amountCents += item.amountCents;
    totals.set(key, t);
  }
  return [...totals.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** One line of the CSV statement: an item, or a total by program, by kind or of the batch. */
interface StatementLine {
  line: 'ITEM' | 'PROGRAM_TOTAL' | 'KIND_TOTAL' | 'BATCH_TOTAL';
  date?: string;
  receiptNumber?: string;
  programCode?: string;
  kind?: string;
  itemCount?: number;
  amountCents: number;
}

const LINE_LABELS: Record<StatementLine['line'], string> = {
  ITEM: 'Item',
  PROGRAM_TOTAL: 'Program total',
  KIND_TOTAL: 'Kind total',
  BATCH_TOTAL: 'Batch total',
};

const statementColumns = (batch: StatementBatch): CsvColumn<StatementLine>[] => [
  { header: 'Line', value: (l) => LINE_LABELS[l.line] },
  { header: 'Line code', value: (l) => l.line },
  { header: 'Batch', value: () => batch.id },
  { header: 'Period end', value: () => batch.periodEnd },
  { header: 'Date', value: (l) => l.date },
  { header: 'Receipt number', value: (l) => l.receiptNumber },
  { header: 'Program', value: (l) => labelOf(PROGRAM_LABELS, l.programCode) },
  { header: 'Program code', value: (l) => l.programCode },
  { header: 'Kind', value: (l) => labelOf(STATEMENT_KIND_LABELS, l.kind) },
  { header: 'Kind code', value: (l) => l.kind },
  { header: 'Items', value: (l) => l.itemCount },
  { header: 'Amount', value: (l) => csvDollars(l.amountCents) },
];

/**
 * One table a spreadsheet or a script reads alike: Item lines, then the totals by program, by
 * kind and of the batch, all in the same columns (the columns and words of the console's batch
 * page, with the codes beside them; amounts in dollars with two decimals).
 */
export function statementCsv(batch: StatementBatch, items: StatementItem[]): string {
  const lines: StatementLine[] = items.map((item) => ({
    line: 'ITEM',
    date: item.receivedOn,
    receiptNumber: item.receiptNumber,
    programCode: item.programCode,
    kind: statementKind(item),
    amountCents: item.amountCents,
  }));
  for (const t of totalsBy(items, (i) => i.programCode)) {
    lines.push({ line: 'PROGRAM_TOTAL', programCode: t.key, ...counts(t) });
  }
  for (const t of totalsBy(items, statementKind)) {
    lines.push({ line: 'KIND_TOTAL', kind: t.key, ...counts(t) });
  }
  lines.push({ line: 'BATCH_TOTAL', itemCount: batch.itemCount, amountCents: batch.totalCents });
  return csvText(statementColumns(batch), lines);
}

const counts = (t: StatementTotal) => ({ itemCount: t.itemCount, amountCents: t.amountCents });

const ITEM_COLUMNS = [
  { title: 'Date', x: 50, width: 80 },
  { title: 'Receipt', x: 135, width: 100 },
  { title: 'Program', x: 240, width: 100 },
  { title: 'Kind', x: 345, width: 120 },
  { title: 'Amount', x: 470, width: 90, align: 'right' as const },
];

export async function statementPdf(batch: StatementBatch, items: StatementItem[]): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 50,
    info: { Title: `Remittance statement ${batch.id}`, Author: batch.beneficiary },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(`Remittance statement - ${batch.beneficiary}`);
  doc.moveDown(0.5).font('Helvetica').fontSize(10);
  doc.text(`Batch: ${batch.id}`);
  doc.text(`Period: through ${batch.periodEnd}`);
  doc.text(`Status: ${labelOf(BATCH_STATUS_LABELS, batch.status)}`);
  doc.text(`Prepared: ${chicagoDateTime(new Date(batch.createdAt))}`);
  if (batch.transferReference) {
    doc.text(`Transfer: ${batch.transferReference} on ${batch.sentOn ?? ''}`);
  }
  doc.text(`Items: ${batch.itemCount}    Total: ${formatDollars(batch.totalCents)}`);

  summary(
    doc,
    'Totals by program',
    totalsBy(items, (i) => i.programCode),
    PROGRAM_LABELS,
  );
  summary(doc, 'Totals by kind', totalsBy(items, statementKind), STATEMENT_KIND_LABELS);

  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Items', 50);
  doc.moveDown(0.3).fontSize(9);
  row(
    doc,
    ITEM_COLUMNS.map((c) => c.title),
  );
  doc.font('Helvetica');
  for (const item of items) {
    row(doc, [
      item.receivedOn,
      item.receiptNumber ?? '',
      labelOf(PROGRAM_LABELS, item.programCode),
      labelOf(STATEMENT_KIND_LABELS, statementKind(item)),
      formatDollars(item.amountCents),
    ]);
  }
  doc.end();
  return done;
}

function summary(
  doc: PDFKit.PDFDocument,
  title: string,
  totals: StatementTotal[],
  labels: Record<string, string>,
): void {
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text(title, 50);
  doc.font('Helvetica').fontSize(10);
  for (const t of totals) {
    const y = doc.y;
    doc.text(labelOf(labels, t.key), 50, y, { width: 200 });
    doc.text(`${t.itemCount} ${t.itemCount === 1 ? 'item' : 'items'}`, 260, y, { width: 100 });
    doc.text(formatDollars(t.amountCents), 370, y, { width: 120, align: 'right' });
  }
}

function row(doc: PDFKit.PDFDocument, cells: string[]): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
  const y = doc.y;
  cells.forEach((cell, i) => {
    const c = ITEM_COLUMNS[i];
    doc.text(cell, c.x, y, { width: c.width, align: c.align ?? 'left', lineBreak: false });
  });
  doc.x = 50;
  doc.moveDown(0.2);
}
