import ExcelJS from 'exceljs';
import { AppError } from '../http/app-error';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A text cell that a spreadsheet program will not run as a formula (OWASP CSV/formula injection): text starting
 * with = + - @ (or a tab / carriage return) gets a leading apostrophe. Import strips it again (`fromCell`).
 */
export function safeCell(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function fromCell(text: string): string {
  const trimmed = text.trim();
  return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

export async function readFirstSheet(file: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION_ERROR', '文件不是有效的 .xlsx 表格', [
      { field: 'file', message: '不是 .xlsx 文件' },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('VALIDATION_ERROR', '表格中没有工作表', [{ field: 'file', message: '没有工作表' }]);
  return sheet;
}

export interface SheetColumn<K extends string> {
  key: K;
  header: string;
  width: number;
}

/** Which column holds which key, from the header row (by header text or key). */
export function headerKeys<K extends string>(
  sheet: ExcelJS.Worksheet,
  columns: readonly SheetColumn<K>[],
): Map<number, K> {
  const keys = new Map<number, K>();
  sheet.getRow(1).eachCell((cell, col) => {
    const text = (cell.text ?? '').trim();
    const column = columns.find((c) => c.header === text || c.key.toLowerCase() === text.toLowerCase());
    if (column) keys.set(col, column.key);
  });
  return keys;
}

export function rowValues<K extends string>(
  row: ExcelJS.Row,
  columns: readonly SheetColumn<K>[],
  keys: Map<number, K>,
): Record<K, string> {
  const values = Object.fromEntries(columns.map((c) => [c.key, ''])) as Record<K, string>;
  for (const [col, key] of keys) values[key] = fromCell(row.getCell(col).text ?? '');
  return values;
}

/** A workbook with one sheet of these columns and rows (every text cell made safe), as .xlsx bytes. */
export async function writeSheet<K extends string>(
  name: string,
  columns: readonly SheetColumn<K>[],
  rows: Iterable<Partial<Record<K, string | number | null>>>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows)
    sheet.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, safeCell(v as string | number | null)])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
