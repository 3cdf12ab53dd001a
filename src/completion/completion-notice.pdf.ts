import { formatDollars } from '../common/money';
import type PDFKitDocument from 'pdfkit';

/** pdfkit (about 20 MB of RSS once loaded) is loaded by the first PDF, not at start-up. */
const loadPdfKit = (): Promise<typeof PDFKitDocument> => import('pdfkit').then((m) => m.default);

/** Everything the prosecutor's completion notice states (read from the database). */
export interface CompletionNotice {
  certificateNumber: string;
  programName: string;
  participantName: string;
  caseNumber: string;
  /** The court's name. */
  jurisdiction: string;
  referringAgency: string;
  enrolledOn: string;
  completedOn: string;
  sessionsAttended: number;
  sessionsRequired: number;
  feeCents: number;
  paidCents: number;
  waivedCents: number;
  balanceCents: number;
  beneficiary: string;
  issuedOn: string;
}

/** A one-page letter to the prosecutor; pure (no Nest), so it renders the same anywhere. */
export async function renderCompletionNotice(n: CompletionNotice): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    info: {
      Title: `Completion notice ${n.certificateNumber}`,
      Subject: `Diversion program completion, case ${n.caseNumber}`,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text('Notice of Completion of Diversion Program');
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(10).text(`Certificate number ${n.certificateNumber}`);
  doc.text(`Issued ${n.issuedOn}`);
  doc.moveDown(1.2);

  doc.fontSize(11).text('To: Office of the Prosecutor');
  doc.text(n.jurisdiction);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').text(`Re: Case number ${n.caseNumber}, ${n.participantName}`);
  doc.font('Helvetica').moveDown(0.8);
  doc.text(
    `This notice confirms that ${n.participantName}, referred by ${n.referringAgency}, ` +
      `completed ${n.programName} on ${n.completedOn}, having attended the required sessions ` +
      `and settled the program fee in full.`,
    { align: 'left' },
  );
  doc.moveDown(1);

  const rows: [string, string][] = [
    ['Program', n.programName],
    ['Participant', n.participantName],
    ['Case number', n.caseNumber],
    ['Court', n.jurisdiction],
    ['Enrolled on', n.enrolledOn],
    ['Completed on', n.completedOn],
    ['Sessions attended', `${n.sessionsAttended} of ${n.sessionsRequired} required`],
    ['Program fee', formatDollars(n.feeCents)],
    ['Paid', formatDollars(n.paidCents)],
    ['Waived', formatDollars(n.waivedCents)],
    ['Balance', formatDollars(n.balanceCents)],
    ['Certificate number', n.certificateNumber],
  ];
  const left = doc.page.margins.left;
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').text(label, left, y, { width: 150 });
    doc.font('Helvetica').text(value, left + 160, y, { width: 300 });
    doc.moveDown(0.35);
  }
  doc.moveDown(1.2);
  doc
    .fontSize(9)
    .fillColor('#444444')
    .text(
      `Program fees benefit ${n.beneficiary}. The certificate number can be confirmed with the ` +
        `program office. This notice was produced by the diversion case manager.`,
      left,
    );
  doc.end();
  return done;
}
