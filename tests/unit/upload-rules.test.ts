import ExcelJS from 'exceljs';
import {
  acceptedKind,
  imageFormatOf,
  maxBytesFor,
  sanitizeFileName,
  tooLargeMessage,
  typeNotAllowedMessage,
  uploadKeyFromUrl,
  uploadKeys,
} from '@app/server/src/modules/files/upload-rules';
import { sniffFileKind } from '@app/server/src/modules/files/file-sniffer';
import { isValidStorageKey } from '@app/server/src/integrations/storage/file-storage';
import { heicHeader, phoneJpeg, solidPng, solidWebp, tinyPdf } from '../helpers/image-fixtures';

const HEX = '0123456789abcdef0123456789abcdef';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('upload type rules', () => {
  it('accepts jpeg, png and webp as images, by MIME type, with this system’s extension', () => {
    expect(acceptedKind('image', { ext: 'jpg', mime: 'image/jpeg' })).toEqual({ ext: 'jpg', mime: 'image/jpeg' });
    expect(acceptedKind('image', { ext: 'png', mime: 'image/png' })?.ext).toBe('png');
    expect(acceptedKind('image', { ext: 'webp', mime: 'image/webp' })?.ext).toBe('webp');
  });

  it('refuses for images what is not jpeg/png/webp: gif, svg, heic, pdf, unknown bytes', () => {
    for (const mime of ['image/gif', 'image/svg+xml', 'image/heic', 'image/avif', 'application/pdf', XLSX]) {
      expect(acceptedKind('image', { ext: 'x', mime })).toBeNull();
    }
    expect(acceptedKind('image', undefined)).toBeNull();
  });

  it('accepts only pdf for contracts and only xlsx for imports', () => {
    expect(acceptedKind('contract', { ext: 'pdf', mime: 'application/pdf' })?.ext).toBe('pdf');
    expect(acceptedKind('contract', { ext: 'jpg', mime: 'image/jpeg' })).toBeNull();
    expect(acceptedKind('contract', { ext: 'xlsx', mime: XLSX })).toBeNull();
    expect(acceptedKind('import', { ext: 'xlsx', mime: XLSX })?.ext).toBe('xlsx');
    expect(acceptedKind('import', { ext: 'pdf', mime: 'application/pdf' })).toBeNull();
    expect(acceptedKind('import', { ext: 'xls', mime: 'application/x-cfb' })).toBeNull();
  });

  it('knows which accepted kinds are images', () => {
    expect(imageFormatOf({ ext: 'jpg', mime: 'image/jpeg' })).toBe('jpg');
    expect(imageFormatOf({ ext: 'webp', mime: 'image/webp' })).toBe('webp');
    expect(imageFormatOf({ ext: 'pdf', mime: 'application/pdf' })).toBeNull();
  });

  it('says in Chinese which types the purpose allows and what the bytes were', () => {
    expect(typeNotAllowedMessage('image', { ext: 'pdf', mime: 'application/pdf' })).toBe(
      '文件类型不支持（file）：图片仅支持 JPEG、PNG、WebP，检测到的是 application/pdf',
    );
    expect(typeNotAllowedMessage('contract', undefined)).toBe(
      '文件类型不支持（file）：合同文件仅支持 PDF，无法识别文件内容',
    );
    expect(typeNotAllowedMessage('import', undefined)).toContain('Excel（.xlsx）');
  });

  it('limits images and documents separately', () => {
    const limits = { imageMaxBytes: 10 * 1024 * 1024, fileMaxBytes: 20 * 1024 * 1024 };
    expect(maxBytesFor('image', limits)).toBe(10 * 1024 * 1024);
    expect(maxBytesFor('contract', limits)).toBe(20 * 1024 * 1024);
    expect(maxBytesFor('import', limits)).toBe(20 * 1024 * 1024);
    expect(tooLargeMessage('image', 10 * 1024 * 1024)).toBe('文件过大（file）：图片不能超过 10 MB');
    expect(tooLargeMessage(null, 20 * 1024 * 1024)).toBe('文件过大（file）：文件不能超过 20 MB');
  });
});

describe('sniffFileKind (file-type)', () => {
  it('recognises the bytes whatever the name says', async () => {
    expect(await sniffFileKind(await phoneJpeg(40, 30))).toEqual({ ext: 'jpg', mime: 'image/jpeg' });
    expect(await sniffFileKind(await solidPng(8, 8))).toEqual({ ext: 'png', mime: 'image/png' });
    expect(await sniffFileKind(await solidWebp(8, 8))).toEqual({ ext: 'webp', mime: 'image/webp' });
    expect(await sniffFileKind(tinyPdf())).toEqual({ ext: 'pdf', mime: 'application/pdf' });
    expect(await sniffFileKind(heicHeader())).toEqual({ ext: 'heic', mime: 'image/heic' });
    expect(await sniffFileKind(Buffer.from('just some text pretending to be a photo\n'))).toBeUndefined();
  });

  it('tells an xlsx workbook from other zip files', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRow(['a', 1]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await sniffFileKind(bytes)).toEqual({ ext: 'xlsx', mime: XLSX });
  });
});

describe('uploadKeys', () => {
  it('files uploads by UTC year and month under a 128-bit random name, thumbnail beside it', () => {
    expect(uploadKeys(new Date('2026-11-30T23:59:59Z'), HEX, 'jpg')).toEqual({
      key: `uploads/2026/11/${HEX}.jpg`,
      thumbnailKey: `uploads/2026/11/${HEX}_thumb.jpg`,
    });
    // 2027-01-01 07:00 in Beijing is still December in UTC.
    expect(uploadKeys(new Date('2026-12-31T23:00:00Z'), HEX, 'pdf').key).toBe(`uploads/2026/12/${HEX}.pdf`);
  });

  it('makes keys the storage accepts, and refuses a random part that is not 32 hex digits', () => {
    const { key, thumbnailKey } = uploadKeys(new Date(), HEX, 'webp');
    expect(isValidStorageKey(key)).toBe(true);
    expect(isValidStorageKey(thumbnailKey)).toBe(true);
    expect(() => uploadKeys(new Date(), '../../etc', 'jpg')).toThrow();
    expect(() => uploadKeys(new Date(), HEX.toUpperCase(), 'jpg')).toThrow();
  });
});

describe('sanitizeFileName', () => {
  it('keeps the last path segment only', () => {
    expect(sanitizeFileName('C:\\Users\\me\\Desktop\\进度 照片.JPG')).toBe('进度 照片.JPG');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('/tmp/a.pdf')).toBe('a.pdf');
  });

  it('drops control and bidi/zero-width characters and replaces reserved ones', () => {
    expect(sanitizeFileName('inv\u202Egpj.exe')).toBe('invgpj.exe');
    expect(sanitizeFileName('a\u0000b\u200Bc\r\n.png')).toBe('abc.png');
    expect(sanitizeFileName('报价<1>:"x"|?*.pdf')).toBe('报价_1___x____.pdf');
  });

  it('collapses spaces, strips leading dots, and names an empty result `upload`', () => {
    expect(sanitizeFileName('  a   b  .jpg ')).toBe('a b .jpg');
    expect(sanitizeFileName('a\tb.jpg')).toBe('ab.jpg');
    expect(sanitizeFileName('.htaccess')).toBe('htaccess');
    expect(sanitizeFileName('...')).toBe('upload');
    expect(sanitizeFileName('\u202E')).toBe('upload');
    expect(sanitizeFileName('')).toBe('upload');
  });

  it('cuts long names to 200 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'长'.repeat(300)}.jpeg`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('长.jpeg')).toBe(true);
  });

  it('normalises to NFC', () => {
    expect(sanitizeFileName('e\u0301.png')).toBe('\u00e9.png');
  });
});

describe('uploadKeyFromUrl', () => {
  const key = `uploads/2026/11/${HEX}.jpg`;

  it('reads the key from the URL as answered, relative or absolute base', () => {
    expect(uploadKeyFromUrl(`/files/${key}`, '/files')).toBe(key);
    expect(uploadKeyFromUrl(`https://cdn.example.com/files/${key}`, 'https://cdn.example.com/files')).toBe(key);
  });

  it('accepts the relative base on any host (a client that prefixed its API host)', () => {
    expect(uploadKeyFromUrl(`https://api.example.com/files/${key}`, '/files')).toBe(key);
    expect(uploadKeyFromUrl(`http://127.0.0.1:3000/files/${key}`, '/files/')).toBe(key);
  });

  it('refuses other places, other folders, and keys that are not strictly valid', () => {
    expect(uploadKeyFromUrl(`https://evil.example.com/x/${key}`, '/files')).toBeNull();
    expect(uploadKeyFromUrl(`https://other.example.com/files/${key}`, 'https://cdn.example.com/files')).toBeNull();
    expect(uploadKeyFromUrl('/files/quotations/QUOT-1-abc.pdf', '/files')).toBeNull();
    expect(uploadKeyFromUrl('/files/uploads/../app.sqlite', '/files')).toBeNull();
    expect(uploadKeyFromUrl(`/files/${key}?x=1`, '/files')).toBeNull();
    expect(uploadKeyFromUrl(`/filesx/${key}`, '/files')).toBeNull();
    expect(uploadKeyFromUrl('', '/files')).toBeNull();
  });
});
