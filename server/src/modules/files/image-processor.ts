import sharp from 'sharp';
import { AppError } from '../../http/app-error';

export type ImageFormat = 'jpg' | 'png' | 'webp';

export interface ImageSettings {
  /** Decoded pixels an image may have (width × height), read from the header before anything is decoded. */
  maxPixels: number;
  /** Long edge of the stored image. */
  maxEdge: number;
  /** Long edge of the thumbnail. */
  thumbEdge: number;
  /** Images processed at once; each holds one decoded image in memory. */
  concurrency: number;
}

export interface EncodedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

export interface ProcessedImage {
  full: EncodedImage;
  thumbnail: EncodedImage;
}

/** Turns an uploaded image into what is stored; a fake can stand in for it in tests. */
export interface ImageProcessor {
  process(input: Buffer, format: ImageFormat): Promise<ProcessedImage>;
}

export const JPEG_QUALITY = 85;
const THUMB_QUALITY = 75;

/** At most `n` tasks at once; the others wait in arrival order. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly n: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/**
 * sharp (libvips). Each image: header check against `maxPixels` (a decompression bomb is refused before any
 * pixel is decoded), orientation applied from EXIF, scaled to `maxEdge`, re-encoded in its own format (JPEG
 * quality 85) with no metadata at all (EXIF with GPS, XMP, ICC, comments are dropped), then a JPEG thumbnail
 * made from that result. libvips' operation cache is off and each image uses one libvips thread, so memory
 * stays bounded by `concurrency` decoded images.
 */
export class SharpImageProcessor implements ImageProcessor {
  private readonly slots: Slots;

  constructor(private readonly settings: ImageSettings) {
    sharp.cache(false);
    sharp.concurrency(1);
    this.slots = new Slots(settings.concurrency);
  }

  process(input: Buffer, format: ImageFormat): Promise<ProcessedImage> {
    return this.slots.run(() => this.run(input, format));
  }

  private async run(input: Buffer, format: ImageFormat): Promise<ProcessedImage> {
    const { maxPixels, maxEdge, thumbEdge } = this.settings;
    // The header only (no pixel is decoded); sharp's own pixel limit is off here so the answer can name the size.
    const meta = await unreadable(() => sharp(input, { limitInputPixels: false }).metadata());
    if (!meta.width || !meta.height) throw new AppError('IMAGE_INVALID', '图片无法解析（file）：没有尺寸信息');
    if (meta.width * meta.height > maxPixels) {
      throw new AppError(
        'IMAGE_TOO_LARGE',
        `图片像素过多（file）：${meta.width}×${meta.height}，最多 ${Math.floor(maxPixels / 1_000_000)} 百万像素`,
      );
    }
    const box = (edge: number) => ({ width: edge, height: edge, fit: 'inside' as const, withoutEnlargement: true });
    const pipeline = sharp(input, { limitInputPixels: maxPixels }).autoOrient().resize(box(maxEdge));
    const encoded =
      format === 'png'
        ? pipeline.png()
        : format === 'webp'
          ? pipeline.webp({ quality: JPEG_QUALITY })
          : pipeline.jpeg({ quality: JPEG_QUALITY });
    const full = await unreadable(() => encoded.toBuffer({ resolveWithObject: true }));
    const thumb = await unreadable(() =>
      sharp(full.data)
        .resize(box(thumbEdge))
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: THUMB_QUALITY })
        .toBuffer({ resolveWithObject: true }),
    );
    return {
      full: { bytes: full.data, width: full.info.width, height: full.info.height },
      thumbnail: { bytes: thumb.data, width: thumb.info.width, height: thumb.info.height },
    };
  }
}

/** libvips refuses the bytes (corrupt, truncated, unsupported inside a known container): 400, never 500. */
async function unreadable<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof Error && /pixel limit/i.test(err.message)) {
      throw new AppError('IMAGE_TOO_LARGE', '图片像素过多（file）：超过允许的像素数');
    }
    throw new AppError('IMAGE_INVALID', '图片无法解析（file）：文件已损坏或内容不完整');
  }
}
