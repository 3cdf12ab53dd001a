import { Injectable } from '@nestjs/common';
import type PDFKitDocument from 'pdfkit';
import { DomainError, notFound } from '../common/domain-error';
import { formatDollars } from '../common/money';
import { LedgerRepository, ReceiptData } from './ledger.repository';

/** pdfkit (about 20 MB of RSS once loaded) is loaded by the first PDF, not at start-up. */
const loadPdfKit = (): Promise<typeof PDFKitDocument> => import('pdfkit').then((m) => m.default);

const METHOD_LABELS: Record<string, string> = {
  CASH: 'Cash',
  CHECK: 'Check',
  MONEY_ORDER: 'Money order',
  CARD: 'Card',
};

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
    return { receiptNumber: row.receiptNumber, pdf: await render(row) };
  }
}

async function render(r: ReceiptData): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    info: { Title: `Receipt ${r.receiptNumber}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(`Receipt ${r.receiptNumber}`);
  doc.moveDown(0.5).font('Helvetica').fontSize(12).text(r.programName);
  doc.moveDown();
  const line = (label: string, value: string) =>
    doc
      .font('Helvetica-Bold')
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value);
  line('Receipt number', r.receiptNumber!);
  line('Date received', r.receivedOn!);
  line('Amount', formatDollars(r.amountCents));
  line('Method', METHOD_LABELS[r.method ?? ''] ?? String(r.method));
  if (r.reference) line('Reference', r.reference);
  line('Program', r.programName);
  line('Participant', r.participantName);
  doc.moveDown();
  doc.text(`Paid to the program for ${r.beneficiary}.`);
  if (r.reversedOn) {
    doc.moveDown().font('Helvetica-Bold').text(`This payment was reversed on ${r.reversedOn}.`);
  }
  doc.end();
  return done;
}
