import { execFile } from 'node:child_process';

// pdf-parse loads pdf.js with a dynamic import, which jest's VM refuses: parse in a plain node.
const PARSE_STDIN = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const result = await parser.getText();
  process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
  await parser.destroy();
});`;

/** The text of a PDF, as a person copying it out would read it, and its page count. */
export function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', PARSE_STDIN],
      { cwd: process.cwd(), maxBuffer: 10_000_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
    child.stdin!.end(pdf);
  });
}
