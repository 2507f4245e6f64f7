import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { QuotationDetail, QuotationItem } from '@app/shared';
import { chineseCapitalAmount } from '../../platform/chinese-amount';
import { toCents } from '../../platform/money';

type Doc = PDFKit.PDFDocument;

export interface QuotationPdfInput {
  companyName: string;
  quotation: QuotationDetail;
  generatedAt: Date;
}

/**
 * Noto Sans Hans (SIL OFL 1.1) from the `@embedpdf/fonts-sc` package, found through the package itself so the
 * bundled server finds it in node_modules too. Parsed once per process and shared by every document (fontkit
 * keeps its glyph caches); pdfkit embeds only the glyphs a document uses.
 */
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | null = null;
function cjkFonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  if (!fonts) {
    const dir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    const load = (file: string) => fontkit.create(readFileSync(join(dir, file))) as fontkit.Font;
    fonts = { regular: load('NotoSansHans-Regular.otf'), bold: load('NotoSansHans-Bold.otf') };
  }
  return fonts;
}

const MARGIN = { top: 48, bottom: 60, left: 40, right: 40 };
const GREY = '#666666';
const LINE = '#999999';
const HEAD_FILL = '#EEF1F5';

/** `140000.00` → `140,000.00` (display only; the value is already an exact decimal string). */
export function groupThousands(amount: string): string {
  const [int, frac] = amount.split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac === undefined ? '' : `.${frac}`}`;
}

const contentWidth = (doc: Doc) => doc.page.width - MARGIN.left - MARGIN.right;
const bottomLimit = (doc: Doc) => doc.page.height - MARGIN.bottom;

/** Starts a new page when `height` does not fit below the cursor; true when it did. */
function ensureSpace(doc: Doc, height: number): boolean {
  if (doc.y + height <= bottomLimit(doc)) return false;
  doc.addPage();
  return true;
}

function header(doc: Doc, input: QuotationPdfInput): void {
  const width = contentWidth(doc);
  doc
    .font('bold')
    .fontSize(18)
    .fillColor('black')
    .text(input.companyName, MARGIN.left, MARGIN.top, { width, align: 'center' });
  doc.moveDown(0.3).fontSize(15).text('报 价 单', { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.4);
  const y = doc.y;
  doc
    .moveTo(MARGIN.left, y)
    .lineTo(MARGIN.left + width, y)
    .lineWidth(1)
    .strokeColor('black')
    .stroke();
  doc.y = y + 10;
}

/** Two label/value pairs per row, then the title across the whole width. */
function infoBlock(doc: Doc, q: QuotationDetail): void {
  const rows: [string, string, string, string][] = [
    ['报价单号', q.quotationNo, '报价日期', q.createdAt.slice(0, 10)],
    ['客户名称', q.customerName ?? `#${q.customerId}`, '有效期', `${q.validFrom} 至 ${q.validUntil}`],
    ['联系人', q.contactName ?? '—', '业务负责人', q.ownerName ?? '—'],
  ];
  const half = contentWidth(doc) / 2;
  doc.fontSize(10);
  for (const [l1, v1, l2, v2] of rows) {
    const y = doc.y;
    const h1 = pair(doc, l1, v1, MARGIN.left, y, half - 10);
    const h2 = pair(doc, l2, v2, MARGIN.left + half, y, half);
    doc.y = y + Math.max(h1, h2) + 4;
  }
  const y = doc.y;
  doc.y = y + pair(doc, '报价标题', q.quotationTitle, MARGIN.left, y, contentWidth(doc)) + 10;
}

function pair(doc: Doc, label: string, value: string, x: number, y: number, width: number): number {
  const labelWidth = 62;
  doc.font('regular').fillColor(GREY).text(`${label}：`, x, y, { width: labelWidth, lineBreak: false });
  doc
    .font('regular')
    .fillColor('black')
    .text(value, x + labelWidth, y, { width: width - labelWidth });
  return doc.heightOfString(value, { width: width - labelWidth });
}

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right' | 'center';
  value: (item: QuotationItem, index: number) => string;
}

const COLUMNS: Column[] = [
  { title: '序号', width: 26, align: 'center', value: (_i, n) => String(n + 1) },
  { title: '产品编码', width: 66, align: 'left', value: (i) => i.productCode },
  {
    title: '产品名称',
    width: 118,
    align: 'left',
    value: (i) => i.productName + (i.itemNote ? `\n备注：${i.itemNote}` : ''),
  },
  { title: '数量', width: 40, align: 'right', value: (i) => String(i.quantity) },
  { title: '单位', width: 28, align: 'center', value: (i) => i.unit },
  { title: '标准单价', width: 62, align: 'right', value: (i) => groupThousands(i.standardPrice) },
  { title: '成交单价', width: 62, align: 'right', value: (i) => groupThousands(i.actualPrice) },
  { title: '折扣率', width: 43, align: 'right', value: (i) => `${i.discountRate.toFixed(2)}%` },
  { title: '小计', width: 70, align: 'right', value: (i) => groupThousands(i.subtotal) },
];
const PAD = 4;

function rowHeight(doc: Doc, cells: string[]): number {
  const heights = cells.map((text, c) => doc.heightOfString(text, { width: COLUMNS[c].width - 2 * PAD }));
  return Math.max(...heights) + 2 * PAD;
}

function drawRow(doc: Doc, cells: string[], y: number, height: number, head: boolean): void {
  let x = MARGIN.left;
  const width = COLUMNS.reduce((sum, c) => sum + c.width, 0);
  if (head) doc.rect(x, y, width, height).fill(HEAD_FILL);
  doc.font(head ? 'bold' : 'regular').fillColor('black');
  cells.forEach((text, c) => {
    const col = COLUMNS[c];
    doc.text(text, x + PAD, y + PAD, { width: col.width - 2 * PAD, align: head ? 'center' : col.align });
    x += col.width;
  });
  doc
    .moveTo(MARGIN.left, y + height)
    .lineTo(MARGIN.left + width, y + height)
    .lineWidth(0.5)
    .strokeColor(LINE)
    .stroke();
  if (head)
    doc
      .moveTo(MARGIN.left, y)
      .lineTo(MARGIN.left + width, y)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
}

/** The items table; it continues on the next page with its header repeated. */
function itemsTable(doc: Doc, items: readonly QuotationItem[]): void {
  doc.fontSize(9);
  const titles = COLUMNS.map((c) => c.title);
  const headHeight = rowHeight(doc, titles);
  const drawHead = () => {
    const y = doc.y;
    drawRow(doc, titles, y, headHeight, true);
    doc.y = y + headHeight;
  };
  ensureSpace(doc, headHeight * 2);
  drawHead();
  items.forEach((item, n) => {
    const cells = COLUMNS.map((c) => c.value(item, n));
    const height = rowHeight(doc, cells);
    if (ensureSpace(doc, height)) drawHead();
    const y = doc.y;
    drawRow(doc, cells, y, height, false);
    doc.y = y + height;
  });
  if (items.length === 0)
    doc.font('regular').text('（暂无产品）', MARGIN.left, doc.y + PAD, { width: contentWidth(doc) });
  doc.y += 10;
}

function totals(doc: Doc, q: QuotationDetail): void {
  ensureSpace(doc, 90);
  const x = MARGIN.left + contentWidth(doc) - 240;
  const lines: [string, string, boolean][] = [
    ['标准总价（元）', groupThousands(q.standardTotal), false],
    ['折扣总额（元）', groupThousands(q.discountTotal), false],
    ['报价总额（元）', groupThousands(q.totalAmount), true],
  ];
  for (const [label, value, strong] of lines) {
    const y = doc.y;
    doc
      .font(strong ? 'bold' : 'regular')
      .fontSize(strong ? 11 : 10)
      .fillColor('black');
    doc.text(label, x, y, { width: 110 }).text(value, x + 110, y, { width: 130, align: 'right' });
    doc.y = y + (strong ? 17 : 15);
  }
  const capital = `人民币${chineseCapitalAmount(toCents(q.totalAmount))}`;
  doc
    .font('bold')
    .fontSize(10)
    .text(`大写金额：${capital}`, MARGIN.left, doc.y + 4, { width: contentWidth(doc) });
  doc.y += 10;
}

/** Payment and delivery terms and notes, flowing across pages as long as they are. */
function terms(doc: Doc, q: QuotationDetail): void {
  const sections: [string, string | null][] = [
    ['付款条件', q.paymentTerms],
    ['交货条件', q.deliveryTerms],
    ['备注', q.notes],
  ];
  for (const [title, text] of sections) {
    if (!text) continue;
    ensureSpace(doc, 40);
    doc
      .font('bold')
      .fontSize(10)
      .fillColor('black')
      .text(`${title}：`, MARGIN.left, doc.y, { width: contentWidth(doc) });
    doc
      .font('regular')
      .fontSize(10)
      .text(text, { width: contentWidth(doc), lineGap: 2 });
    doc.moveDown(0.6);
  }
}

function signatures(doc: Doc, companyName: string): void {
  ensureSpace(doc, 80);
  const y = doc.y + 16;
  const half = contentWidth(doc) / 2;
  doc.font('regular').fontSize(10).fillColor('black');
  doc.text(`报价方（盖章）：${companyName}`, MARGIN.left, y, { width: half - 10 });
  doc.text('客户确认（签字/盖章）：', MARGIN.left + half, y, { width: half });
  doc.text('日期：', MARGIN.left, y + 36, { width: half - 10 });
  doc.text('日期：', MARGIN.left + half, y + 36, { width: half });
}

/** Number, page x of n and time on every page, drawn last (the pages are buffered). */
function footers(doc: Doc, q: QuotationDetail, generatedAt: Date): void {
  const range = doc.bufferedPageRange();
  const stamp = `生成于 ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 36;
    const width = contentWidth(doc);
    doc.font('regular').fontSize(8).fillColor(GREY);
    doc.text(q.quotationNo, MARGIN.left, y, { width, align: 'left', lineBreak: false });
    doc.text(`第 ${i + 1} 页 / 共 ${range.count} 页`, MARGIN.left, y, { width, align: 'center', lineBreak: false });
    doc.text(stamp, MARGIN.left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** A4 quotation for the customer: header, parties and dates, items, totals (with 大写金额), terms, signatures. */
export function renderQuotationPdf(input: QuotationPdfInput): Promise<Buffer> {
  const q = input.quotation;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: { Title: `报价单 ${q.quotationNo}`, Author: input.companyName, Subject: q.quotationTitle },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit takes a parsed fontkit font as a source (its typings list only paths and buffers).
  const { regular, bold } = cjkFonts() as unknown as Record<'regular' | 'bold', Buffer>;
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  header(doc, input);
  infoBlock(doc, q);
  itemsTable(doc, q.items);
  totals(doc, q);
  terms(doc, q);
  signatures(doc, input.companyName);
  footers(doc, q, input.generatedAt);
  doc.end();
  return done;
}
