import { Injectable } from '@nestjs/common';
import type PDFKitDocument from 'pdfkit';
import { DomainError, notFound } from '../common/domain-error';
import { centsFromDb } from '../common/money';
import { one, TransactionHost } from '../common/transactions';
import { formatDollars } from '../common/money';

/** pdfkit (about 20 MB of RSS once loaded) is loaded by the first PDF, not at start-up. */
const loadPdfKit = (): Promise<typeof PDFKitDocument> => import('pdfkit').then((m) => m.default);

const METHOD_LABELS: Record<string, string> = {
  CASH: 'Cash',
  CHECK: 'Check',
  MONEY_ORDER: 'Money order',
  CARD: 'Card',
};

interface ReceiptRow {
  kind: string;
  receipt_number: string | null;
  received_on: string | null;
  amount_cents: string;
  method: string | null;
  reference: string | null;
  program_name: string;
  beneficiary: string;
  first_name: string;
  last_name: string;
  reversed_on: string | null;
}

export interface Receipt {
  receiptNumber: string;
  pdf: Buffer;
}

/** The participant's receipt for one payment, as a PDF. */
@Injectable()
export class ReceiptService {
  constructor(private readonly txHost: TransactionHost) {}

  /** Only payments have receipts: any other entry answers 404 (there is no such receipt). */
  async receipt(entryId: string): Promise<Receipt> {
    const row = await one<ReceiptRow>(
      this.txHost,
      `SELECT e.kind, e.receipt_number, to_char(e.received_on, 'YYYY-MM-DD') AS received_on,
              e.amount_cents, e.method, e.reference, p.name AS program_name, p.beneficiary,
              pa.first_name, pa.last_name, to_char(r.created_at, 'YYYY-MM-DD') AS reversed_on
         FROM ledger_entries e
         JOIN enrollments en ON en.id = e.enrollment_id
         JOIN programs p ON p.id = en.program_id
         JOIN participants pa ON pa.id = en.participant_id
         LEFT JOIN ledger_entries r ON r.reverses_entry_id = e.id
        WHERE e.id = $1`,
      [entryId],
    );
    if (!row) throw notFound('Ledger entry', entryId);
    if (row.kind !== 'PAYMENT' || !row.receipt_number) {
      throw new DomainError(
        'NOT_FOUND',
        `Ledger entry ${entryId} is a ${row.kind}; only payments have receipts.`,
      );
    }
    return { receiptNumber: row.receipt_number, pdf: await render(row) };
  }
}

async function render(r: ReceiptRow): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    info: { Title: `Receipt ${r.receipt_number}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(`Receipt ${r.receipt_number}`);
  doc.moveDown(0.5).font('Helvetica').fontSize(12).text(r.program_name);
  doc.moveDown();
  const line = (label: string, value: string) =>
    doc
      .font('Helvetica-Bold')
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value);
  line('Receipt number', r.receipt_number!);
  line('Date received', r.received_on!);
  line('Amount', formatDollars(centsFromDb(r.amount_cents)));
  line('Method', METHOD_LABELS[r.method ?? ''] ?? String(r.method));
  if (r.reference) line('Reference', r.reference);
  line('Program', r.program_name);
  line('Participant', `${r.first_name} ${r.last_name}`);
  doc.moveDown();
  doc.text(`Paid to the program for ${r.beneficiary}.`);
  if (r.reversed_on) {
    doc.moveDown().font('Helvetica-Bold').text(`This payment was reversed on ${r.reversed_on}.`);
  }
  doc.end();
  return done;
}
