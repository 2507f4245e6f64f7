import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A camera name and a GPS position written into test photos; neither may survive an upload. */
export const CAMERA_MAKE = 'PhoneCoTestCam';
export const GPS_EXIF = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '39/1 54/1 2667/100',
  GPSLongitudeRef: 'E',
  GPSLongitude: '116/1 23/1 2900/100',
};

/**
 * A JPEG as a phone writes it: pixels stored `width`×`height` (left half red, right half blue, so orientation
 * can be checked), EXIF orientation tag, camera make and a GPS position.
 */
export async function phoneJpeg(width: number, height: number, orientation = 6): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const blue = await sharp({
    create: { width: width - half, height, channels: 3, background: { r: 20, g: 40, b: 220 } },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 220, g: 30, b: 30 } } })
    .composite([{ input: blue, left: half, top: 0 }])
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: CAMERA_MAKE, Copyright: 'test' }, IFD3: GPS_EXIF })
    .withMetadata({ orientation })
    .toBuffer();
}

export function solidPng(width: number, height: number, alpha = false): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: alpha ? 4 : 3, background: { r: 10, g: 200, b: 90, alpha: alpha ? 0.5 : 1 } },
  })
    .png()
    .toBuffer();
}

export function solidWebp(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 90, b: 200 } } })
    .webp()
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A decompression bomb: a valid, fully-encoded 1-bit grayscale PNG of `size`×`size` white pixels. 20000×20000 is
 * ~50 KB on the wire and 400 million pixels (over a gigabyte as RGB) once decoded.
 */
export function pngBomb(size = 20_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // grayscale
  const rowBytes = Math.ceil(size / 8) + 1; // a filter byte (0) and the bits, all zero (black)
  const raw = Buffer.alloc(rowBytes * size);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal one-page PDF (what file-type recognises by its `%PDF-` signature, and a reader opens). */
export function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The start of an iPhone HEIC file (ISO-BMFF `ftyp` box with brand `heic`). */
export function heicHeader(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'ascii');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'ascii');
  return Buffer.concat([ftyp, Buffer.alloc(200)]);
}
