import sharp from 'sharp';
import type { Database } from '@app/server/src/db/database';
import { AppError } from '@app/server/src/http/app-error';
import type { FileStorage, StoredFile } from '@app/server/src/integrations/storage/file-storage';
import type { Principal } from '@app/server/src/modules/access/principal';
import { SharpImageProcessor, type ImageProcessor } from '@app/server/src/modules/files/image-processor';
import { sniffFileKind } from '@app/server/src/modules/files/file-sniffer';
import type { UploadsRepository } from '@app/server/src/modules/files/uploads.repository';
import { UploadsService } from '@app/server/src/modules/files/uploads.service';
import { FakeClock } from '../fakes/fake-clock';
import { CAMERA_MAKE, phoneJpeg, pngBomb, solidPng } from '../helpers/image-fixtures';

class MemoryStorage implements FileStorage {
  readonly files = new Map<string, StoredFile>();
  failPutOf: string | null = null;

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    if (key === this.failPutOf) throw new Error('disk full');
    this.files.set(key, { bytes, contentType });
  }
  async get(key: string): Promise<StoredFile | null> {
    return this.files.get(key) ?? null;
  }
  async delete(key: string): Promise<void> {
    this.files.delete(key);
  }
  url(key: string): string {
    return `/files/${key}`;
  }
}

const principal = { userId: 7 } as Principal;
const settings = { maxPixels: 40_000_000, maxEdge: 2560, thumbEdge: 320, concurrency: 1 };
const limits = { imageMaxBytes: 1024 * 1024, fileMaxBytes: 2 * 1024 * 1024, orphanTtlHours: 24 };
const fakeDb = { transaction: <T>(fn: (t: never) => Promise<T>) => fn(undefined as never) } as unknown as Database;

function service(storage: FileStorage, repository: Partial<UploadsRepository>, images?: ImageProcessor) {
  return new UploadsService({
    db: fakeDb,
    repository: repository as UploadsRepository,
    storage,
    images: images ?? new SharpImageProcessor(settings),
    clock: new FakeClock(Date.parse('2026-11-05T08:00:00Z')),
    limits,
    sniff: sniffFileKind,
    randomHex: () => 'ab'.repeat(16),
  });
}

describe(UploadsService.name, () => {
  it('deletes the files it wrote when the row cannot be written', async () => {
    const storage = new MemoryStorage();
    const uploads = service(storage, {
      create: () => Promise.reject(new Error('database gone')),
    });
    await expect(
      uploads.upload(principal, {
        purpose: 'image',
        file: { filename: 'a.jpg', mimeType: 'image/jpeg', data: await phoneJpeg(64, 48) },
      }),
    ).rejects.toThrow('database gone');
    expect([...storage.files.keys()]).toEqual([]);
  });

  it('deletes the full image when writing the thumbnail fails', async () => {
    const storage = new MemoryStorage();
    storage.failPutOf = `uploads/2026/11/${'ab'.repeat(16)}_thumb.jpg`;
    const uploads = service(storage, { create: () => Promise.reject(new Error('not reached')) });
    await expect(
      uploads.upload(principal, {
        purpose: 'image',
        file: { filename: 'a.jpg', mimeType: 'image/jpeg', data: await phoneJpeg(64, 48) },
      }),
    ).rejects.toThrow('disk full');
    expect(storage.files.size).toBe(0);
  });

  it('refuses a file over its purpose’s limit before looking at it', async () => {
    let processed = 0;
    const images: ImageProcessor = {
      process: async () => {
        processed += 1;
        throw new Error('not expected');
      },
    };
    const uploads = service(new MemoryStorage(), {}, images);
    const big = Buffer.concat([await phoneJpeg(16, 16), Buffer.alloc(1024 * 1024)]);
    const err = await uploads
      .upload(principal, { purpose: 'image', file: { filename: 'a.jpg', mimeType: 'image/jpeg', data: big } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(413);
    expect((err as AppError).message).toBe('文件过大（file）：图片不能超过 1 MB');
    expect(processed).toBe(0);
  });
});

describe(SharpImageProcessor.name, () => {
  const processor = new SharpImageProcessor({ ...settings, maxEdge: 400, thumbEdge: 100 });

  it('applies the EXIF orientation, drops all metadata and scales to the long edge', async () => {
    // Stored as 800×600 with orientation 6 (rotate 90° clockwise): shown as 600×800.
    const out = await processor.process(await phoneJpeg(800, 600, 6), 'jpg');
    expect([out.full.width, out.full.height]).toEqual([300, 400]);
    const meta = await sharp(out.full.bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 300, height: 400 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(out.full.bytes.includes(Buffer.from(CAMERA_MAKE))).toBe(false);
    // The red (left) half of the stored pixels is on top once turned.
    const { data } = await sharp(out.full.bytes).raw().toBuffer({ resolveWithObject: true });
    const top = [data[(10 * 300 + 150) * 3], data[(10 * 300 + 150) * 3 + 2]];
    expect(top[0]).toBeGreaterThan(150);
    expect(top[1]).toBeLessThan(100);
  });

  it('makes a JPEG thumbnail within the thumbnail edge, smaller than the image', async () => {
    const out = await processor.process(await solidPng(640, 320, true), 'png');
    expect((await sharp(out.full.bytes).metadata()).format).toBe('png');
    expect([out.full.width, out.full.height]).toEqual([400, 200]);
    expect([out.thumbnail.width, out.thumbnail.height]).toEqual([100, 50]);
    expect((await sharp(out.thumbnail.bytes).metadata()).format).toBe('jpeg');
    expect(out.thumbnail.bytes.length).toBeLessThan(out.full.bytes.length);
  });

  it('never enlarges a small image', async () => {
    const out = await processor.process(await solidPng(50, 30), 'png');
    expect([out.full.width, out.full.height, out.thumbnail.width, out.thumbnail.height]).toEqual([50, 30, 50, 30]);
  });

  it('refuses a decompression bomb from its header, before decoding (413)', async () => {
    const bomb = pngBomb(20_000);
    const started = Date.now();
    const err = await processor.process(bomb, 'png').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('IMAGE_TOO_LARGE');
    expect((err as AppError).status).toBe(413);
    expect((err as AppError).message).toContain('20000×20000');
  });

  it('answers 400 IMAGE_INVALID for bytes that only look like an image', async () => {
    const jpeg = await phoneJpeg(200, 100);
    const truncated = Buffer.concat([jpeg.subarray(0, 600), Buffer.alloc(100, 0x41)]);
    for (const bytes of [truncated, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])]) {
      const err = await processor.process(bytes, 'jpg').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('IMAGE_INVALID');
      expect((err as AppError).status).toBe(400);
    }
  });
});
