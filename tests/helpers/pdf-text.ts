import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The text and page count of a PDF, extracted by pdf.js (pdf-parse) in a child process. */
export async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'odp-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    const { stdout } = await run(process.execPath, [join(__dirname, 'extract-pdf-text.mjs'), file], {
      timeout: 30_000,
    });
    return JSON.parse(stdout) as { text: string; pages: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
