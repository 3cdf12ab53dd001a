import { Injectable } from '@nestjs/common';
import type PDFKitDocument from 'pdfkit';
import { DomainError, notFound } from '../common/domain-error';
import { writtenDate } from '../common/dates';
import { labelOf, METHOD_LABELS, PROGRAM_LABELS } from '../common/labels';
import { formatDollars } from '../common/money';
import { LedgerRepository, ReceiptData } from './ledger.repository';

/** pdfkit (about 20 MB of RSS once loaded) is loaded by the first PDF, not at start-up. */
const loadPdfKit = (): Promise<typeof PDFKitDocument> => import('pdfkit').then((m) => m.default);

export interface Receipt {
  receiptNumber: string;
  pdf: Buffer;
}

/** The participant's receipt for one payment, as a PDF. */
@Injectable()
export class ReceiptService {
  constructor(private readonly ledger: LedgerRepository) {}

  /** Only payments have receipts: any other entry answers 404 (there is no such receipt). */
  async receipt(entryId: string): Promise<Receipt> {
    const row = await this.ledger.receipt(entryId);
    if (!row) throw notFound('Ledger entry', entryId);
    if (row.kind !== 'PAYMENT' || !row.receiptNumber) {
      throw new DomainError(
        'NOT_FOUND',
        `Ledger entry ${entryId} is a ${row.kind}; only payments have receipts.`,
      );
    }
    return { receiptNumber: row.receiptNumber, pdf: await renderReceipt(row) };
  }
}

const INK = '#1b1b1b';
const MUTED = '#565c65';
const RULE = '#a9aeb1';

/**
 * One page a person paying in cash takes home and to court: who paid, for which case, how much,
 * how, the balance left after it, when it was received (a written date), who recorded it, and the
 * receipt number in large type so the court clerk can read it from across the counter.
 */
export async function renderReceipt(r: ReceiptData): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    info: { Title: `Receipt ${r.receiptNumber}`, Subject: `Payment receipt, ${r.programName}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const valueX = left + 190;
  const rule = (gap = 14) => {
    doc.y += gap / 2;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.75)
      .strokeColor(RULE)
      .stroke();
    doc.y += gap / 2 + 4;
  };
  /** A label and its value on one line (the value may wrap within its column). */
  const field = (label: string, value: string, opts: { size?: number; bold?: boolean } = {}) => {
    const size = opts.size ?? 12;
    const y = doc.y;
    doc.font('Helvetica').fontSize(11).fillColor(MUTED);
    doc.text(label, left, y + (size - 11) * 0.75, { width: valueX - left - 12 });
    doc
      .font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(size)
      .fillColor(INK);
    doc.text(value, valueX, y, { width: left + width - valueX });
    doc.y = Math.max(doc.y, y + size * 1.2) + 8;
  };

  const program = labelOf(PROGRAM_LABELS, r.programCode) || r.programName;
  doc.font('Helvetica-Bold').fontSize(22).fillColor(INK).text(program, left, doc.y);
  if (r.programName !== program) {
    doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(r.programName);
  }
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(15).fillColor(INK).text('Payment receipt');
  rule(18);

  doc.font('Helvetica').fontSize(11).fillColor(MUTED).text('Receipt number');
  doc.font('Helvetica-Bold').fontSize(34).fillColor(INK).text(r.receiptNumber!);
  rule(18);

  field('Participant', r.participantName, { bold: true });
  field('Case number', r.caseNumber);
  field('Court', r.court);
  field('Program', program);
  rule(12);

  field('Amount paid', formatDollars(r.amountCents), { size: 18, bold: true });
  field('Method', labelOf(METHOD_LABELS, r.method));
  if (r.reference) field('Reference', r.reference);
  field('Received on', writtenDate(r.receivedOn!));
  field('Balance after this payment', formatDollars(r.balanceAfterCents), { bold: true });
  field('Recorded by', r.recordedBy);
  rule(12);

  doc.font('Helvetica').fontSize(10).fillColor(INK);
  doc.text(
    `Paid to the program for ${r.beneficiary}. Keep this receipt: it is your proof of this ` +
      'payment, to show the court or the program if asked. The balance shown is what was still ' +
      'owed once this payment was recorded.',
    left,
    doc.y,
    { width },
  );
  if (r.reversedOn) {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).fillColor('#b50909');
    doc.text(
      `This payment was reversed on ${writtenDate(r.reversedOn)}: it no longer counts.`,
      left,
      doc.y,
      { width },
    );
  }
  doc.end();
  return done;
}
