// Prints {"text", "pages"} of the PDF file given as the only argument. Runs in a plain Node process:
// pdf.js (inside pdf-parse) loads its worker with a dynamic import, which jest's module sandbox does not allow.
import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';

const parser = new PDFParse({ data: new Uint8Array(readFileSync(process.argv[2])) });
try {
  const result = await parser.getText();
  process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
} finally {
  await parser.destroy();
}
