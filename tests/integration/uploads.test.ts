import ExcelJS from 'exceljs';
import sharp from 'sharp';
import type { Response } from 'supertest';
import { OperationLogModel, UploadModel } from '@app/server/src/db/models';
import { expectFailure, expectSuccess } from '../helpers/envelope';
import { CAMERA_MAKE, heicHeader, phoneJpeg, pngBomb, solidPng, solidWebp, tinyPdf } from '../helpers/image-fixtures';
import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FakeClock } from '../fakes/fake-clock';

interface UploadedFile {
  id: number;
  url: string;
  name: string;
  originalName: string;
  thumbnailUrl: string | null;
  size: number;
  width: number | null;
  height: number | null;
  contentType: string;
  purpose: string;
}
interface UploadResult extends Omit<UploadedFile, 'name'> {
  filename: string;
}

const KEY = /^\/files\/uploads\/\d{4}\/\d{2}\/[0-9a-f]{32}\.(jpg|png|webp|pdf|xlsx)$/;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('uploads (000 §3 POST /api/files/upload, 004 appendix B POST /api/upload)', () => {
  let t: TestApp;
  const clock = new FakeClock(Date.parse('2026-11-05T02:00:00Z'));
  const tokens = { sales: '', factory: '', customer: '', unbound: '' };

  const wechat = async (name: string, inviteCode: string | null) => {
    const login = await t.http.post('/api/auth/wx-login').send({ code: `mock:${name}` });
    const token = login.body.data.token as string;
    if (inviteCode) {
      const bound = await t.http.post('/api/auth/bind-company').set(bearer(token)).send({ inviteCode });
      expect(bound.status).toBe(200);
    }
    return token;
  };

  beforeAll(async () => {
    // A small long edge keeps the test fast; the default (2560) is exercised by the bench.
    t = await startTestApp({ UPLOAD_IMAGE_MAX_EDGE: '640', UPLOAD_IMAGE_MAX_MB: '1' }, { clock });
    await seedDemo(t);
    tokens.sales = await t.login('sales', 'sales123');
    tokens.factory = await wechat('uploads-factory', 'DEMO-FACTORY');
    tokens.customer = await wechat('uploads-customer', 'DEMO-HOTEL');
    tokens.unbound = await wechat('uploads-unbound', null);
  }, 60_000);
  afterAll(() => t.close());

  const upload = (
    path: string,
    token: string,
    file: { bytes: Buffer; name: string; type: string } | null,
    fields: Record<string, string> = {},
  ) => {
    let req = t.http.post(path).set(bearer(token));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', file.bytes, { filename: file.name, contentType: file.type });
    return req;
  };
  const files000 = (res: Response) => expectFiles(res)[0];
  const expectFiles = (res: Response): UploadedFile[] => {
    expect(res.status).toBe(200);
    const body = res.body as { files: UploadedFile[]; data: { files: UploadedFile[] } };
    expect(Object.keys(body).sort()).toEqual(['code', 'data', 'files', 'message', 'success', 'timestamp']);
    expect(body).toMatchObject({ success: true, code: 200, message: '上传成功' });
    expect(body.files).toEqual(body.data.files);
    return body.data.files;
  };
  const fetchFile = (url: string, headers: Record<string, string> = {}) =>
    t.http
      .get(url)
      .set(headers)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const rowCount = () => UploadModel.count();

  describe('POST /api/files/upload (000 shape)', () => {
    it('stores a phone photo turned upright, without EXIF or GPS, scaled, with a smaller thumbnail', async () => {
      // 1200×900 stored pixels, EXIF orientation 6: the photo is 900×1200 upright; long edge capped at 640.
      const photo = await phoneJpeg(1200, 900, 6);
      const res = await upload('/api/files/upload', tokens.factory, {
        bytes: photo,
        name: '进度照片.jpg',
        type: 'image/jpeg',
      }).field('type', 'image');
      const f = files000(res);
      expect(f).toMatchObject({
        contentType: 'image/jpeg',
        width: 480,
        height: 640,
        originalName: '进度照片.jpg',
        purpose: 'image',
      });
      expect(f.url).toMatch(KEY);
      expect(f.url.startsWith('/files/uploads/2026/11/')).toBe(true);
      expect(f.name).toBe(f.url.slice(f.url.lastIndexOf('/') + 1));
      expect(f.thumbnailUrl).toBe(f.url.replace(/\.jpg$/, '_thumb.jpg'));

      const full = await fetchFile(f.url);
      expect(full.status).toBe(200);
      expect(full.headers['content-type']).toBe('image/jpeg');
      const stored = full.body as Buffer;
      expect(stored.length).toBe(f.size);
      const meta = await sharp(stored).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 480, height: 640 });
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(stored.includes(Buffer.from('Exif\0\0'))).toBe(false);
      expect(stored.includes(Buffer.from(CAMERA_MAKE))).toBe(false);

      const thumb = await fetchFile(f.thumbnailUrl ?? '');
      expect(thumb.status).toBe(200);
      const thumbMeta = await sharp(thumb.body as Buffer).metadata();
      expect(thumbMeta).toMatchObject({ format: 'jpeg', width: 240, height: 320 });
      expect(thumbMeta.exif).toBeUndefined();
      expect((thumb.body as Buffer).length).toBeLessThan(stored.length);

      const row = await UploadModel.findByPk(f.id);
      expect(row).toMatchObject({ purpose: 'image', attachedAt: null, contentType: 'image/jpeg', size: f.size });
      expect(Number(row?.uploadedBy)).toBeGreaterThan(0);
      // Every successful write is in the operation log.
      expect(await OperationLogModel.count({ where: { moduleName: 'files', targetId: String(f.id) } })).toBe(1);
    });

    it('serves uploads as immutable, with validators, and answers 304 when they still match', async () => {
      const f = files000(
        await upload('/api/files/upload', tokens.sales, {
          bytes: await phoneJpeg(300, 200, 1),
          name: 'a.jpg',
          type: 'image/jpeg',
        }),
      );
      for (const url of [f.url, f.thumbnailUrl ?? '']) {
        const first = await fetchFile(url);
        expect(first.status).toBe(200);
        expect(first.headers['cache-control']).toBe('private, max-age=31536000, immutable');
        expect(first.headers['x-content-type-options']).toBe('nosniff');
        const etag = first.headers.etag as string;
        expect(etag).toMatch(/^"[0-9a-f]+-[A-Za-z0-9_-]{22}"$/);
        expect(first.headers['last-modified']).toBeDefined();
        const again = await fetchFile(url, { 'if-none-match': etag });
        expect(again.status).toBe(304);
        expect((again.body as Buffer).length).toBe(0);
        const since = await fetchFile(url, { 'if-modified-since': first.headers['last-modified'] as string });
        expect(since.status).toBe(304);
        expect((await fetchFile(url, { 'if-none-match': '"other"' })).status).toBe(200);
      }
      expect(f.url).not.toBe(f.thumbnailUrl);
    });

    it('keeps PNG as PNG and WebP as WebP', async () => {
      const png = files000(
        await upload('/api/files/upload', tokens.factory, {
          bytes: await solidPng(800, 400, true),
          name: 'plan.png',
          type: 'image/png',
        }),
      );
      expect(png).toMatchObject({ contentType: 'image/png', width: 640, height: 320 });
      expect(png.url.endsWith('.png')).toBe(true);
      expect((await sharp((await fetchFile(png.url)).body as Buffer).metadata()).format).toBe('png');
      const webp = files000(
        await upload('/api/files/upload', tokens.factory, {
          bytes: await solidWebp(100, 80),
          name: 'w.webp',
          type: 'image/webp',
        }),
      );
      expect(webp).toMatchObject({ contentType: 'image/webp', width: 100, height: 80 });
      const served = await fetchFile(webp.url);
      expect(served.headers['content-type']).toBe('image/webp');
    });
  });

  describe('POST /api/upload (004 shape)', () => {
    it('answers url, filename and size in data, plus thumbnailUrl, contentType and id', async () => {
      const res = await upload('/api/upload', tokens.sales, {
        bytes: await phoneJpeg(200, 100, 1),
        name: 'C:\\fakepath\\客户\u202E现场.jpg',
        type: 'image/jpeg',
      });
      const data = expectSuccess<UploadResult>(res, '上传成功');
      expect(data.url).toMatch(KEY);
      expect(data.filename).toBe(data.url.slice(data.url.lastIndexOf('/') + 1));
      expect(data).toMatchObject({ contentType: 'image/jpeg', width: 200, height: 100, originalName: '客户现场.jpg' });
      expect(typeof data.size).toBe('number');
      expect(data.thumbnailUrl).toMatch(/_thumb\.jpg$/);
      expect(data.id).toBeGreaterThan(0);
    });

    it('stores a contract PDF as it is, and an .xlsx for imports', async () => {
      const pdf = tinyPdf();
      const data = expectSuccess<UploadResult>(
        await upload(
          '/api/upload',
          tokens.sales,
          { bytes: pdf, name: '合同.pdf', type: 'application/pdf' },
          {
            purpose: 'contract',
          },
        ),
      );
      expect(data).toMatchObject({
        contentType: 'application/pdf',
        size: pdf.length,
        thumbnailUrl: null,
        width: null,
        height: null,
        purpose: 'contract',
        originalName: '合同.pdf',
      });
      expect(((await fetchFile(data.url)).body as Buffer).equals(pdf)).toBe(true);

      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('s').addRow(['产品编码', '产品名称']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const imported = expectSuccess<UploadResult>(
        await upload(
          '/api/upload',
          tokens.sales,
          { bytes: xlsx, name: 'x.xlsx', type: 'application/zip' },
          {
            type: 'import',
          },
        ),
      );
      expect(imported).toMatchObject({ contentType: expect.stringContaining('spreadsheetml'), purpose: 'import' });
      expect(imported.url.endsWith('.xlsx')).toBe(true);
    });
  });

  describe('refusals', () => {
    it('refuses a text file named .jpg and declared image/jpeg (415), storing nothing', async () => {
      const before = await rowCount();
      for (const path of ['/api/files/upload', '/api/upload']) {
        const res = await upload(path, tokens.factory, {
          bytes: Buffer.from('this is not a photo, just text\n'.repeat(20)),
          name: 'photo.jpg',
          type: 'image/jpeg',
        });
        const body = expectFailure(res, 415, 'FILE_TYPE_NOT_ALLOWED');
        expect(body.message).toBe('文件类型不支持（file）：图片仅支持 JPEG、PNG、WebP，无法识别文件内容');
        expect(body.error.details).toEqual([{ field: 'file', message: body.message }]);
      }
      expect(await rowCount()).toBe(before);
    });

    it('refuses a PDF as an image, and an image as a contract (415)', async () => {
      const pdf = expectFailure(
        await upload('/api/files/upload', tokens.sales, { bytes: tinyPdf(), name: 'x.jpg', type: 'image/jpeg' }),
        415,
        'FILE_TYPE_NOT_ALLOWED',
      );
      expect(pdf.message).toContain('检测到的是 application/pdf');
      const jpeg = expectFailure(
        await upload(
          '/api/upload',
          tokens.sales,
          { bytes: await phoneJpeg(20, 20), name: 'c.pdf', type: 'application/pdf' },
          { type: 'contract' },
        ),
        415,
        'FILE_TYPE_NOT_ALLOWED',
      );
      expect(jpeg.message).toContain('合同文件仅支持 PDF');
    });

    it('refuses HEIC: this build of sharp cannot decode HEVC (415 naming the allowed types)', async () => {
      const res = await upload('/api/files/upload', tokens.factory, {
        bytes: heicHeader(),
        name: 'IMG_0001.HEIC',
        type: 'image/heic',
      });
      expect(expectFailure(res, 415, 'FILE_TYPE_NOT_ALLOWED').message).toContain('检测到的是 image/heic');
    });

    it('refuses a file over its purpose’s limit (413), whether the purpose comes before or after the file', async () => {
      const big = Buffer.concat([await phoneJpeg(16, 16), Buffer.alloc(1024 * 1024 + 10)]);
      const file = { bytes: big, name: 'big.jpg', type: 'image/jpeg' };
      const before = expectFailure(
        await upload('/api/files/upload', tokens.factory, file, { type: 'image' }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expect(before.message).toBe('文件过大（file）：图片不能超过 1 MB');
      const after = expectFailure(
        await t.http
          .post('/api/upload')
          .set(bearer(tokens.factory))
          .attach('file', big, { filename: 'big.jpg', contentType: 'image/jpeg' })
          .field('type', 'image'),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expect(after.message).toBe('文件过大（file）：图片不能超过 1 MB');
      expect(after.error.details).toEqual([{ field: 'file', message: after.message }]);
      // The same size is fine for a contract (UPLOAD_FILE_MAX_MB, 20 by default).
      const pdf = Buffer.concat([tinyPdf(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
      expectSuccess(
        await upload(
          '/api/upload',
          tokens.sales,
          { bytes: pdf, name: 'big.pdf', type: 'application/pdf' },
          {
            type: 'contract',
          },
        ),
      );
    });

    it('refuses a decompression bomb from its header in well under a second (413)', async () => {
      const bomb = pngBomb(20_000);
      expect(bomb.length).toBeLessThan(100_000);
      // The fastest of three tries: the suite runs other workers on the same cores, and one slow scheduling slice
      // says nothing about the refusal (decoding 400 megapixels would take many seconds, every time).
      const times: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const started = Date.now();
        const res = await upload('/api/files/upload', tokens.factory, {
          bytes: bomb,
          name: 'b.png',
          type: 'image/png',
        });
        times.push(Date.now() - started);
        const body = expectFailure(res, 413, 'IMAGE_TOO_LARGE');
        expect(body.message).toBe('图片像素过多（file）：20000×20000，最多 40 百万像素');
      }
      expect(Math.min(...times)).toBeLessThan(1000);
    });

    it('refuses a corrupt image with 400 IMAGE_INVALID, never 500', async () => {
      const jpeg = await phoneJpeg(300, 200);
      const res = await upload('/api/files/upload', tokens.factory, {
        bytes: Buffer.concat([jpeg.subarray(0, 700), Buffer.alloc(200, 0x41)]),
        name: 'broken.jpg',
        type: 'image/jpeg',
      });
      expect(expectFailure(res, 400, 'IMAGE_INVALID').message).toContain('图片无法解析');
    });

    it('names the missing file, a bad purpose and a conflicting one (400), and a non-multipart body (415)', async () => {
      const none = expectFailure(
        await upload('/api/files/upload', tokens.sales, null, { type: 'image' }),
        400,
        'VALIDATION_ERROR',
      );
      expect(none.message).toBe('请求参数错误：file 请上传文件');
      const photo = { bytes: await phoneJpeg(20, 20), name: 'a.jpg', type: 'image/jpeg' };
      const bad = expectFailure(
        await upload('/api/upload', tokens.sales, photo, { type: 'video' }),
        400,
        'VALIDATION_ERROR',
      );
      expect(bad.message).toBe('请求参数错误：type 须为 image、contract 或 import');
      const conflict = expectFailure(
        await upload('/api/upload', tokens.sales, photo, { type: 'image', purpose: 'contract' }),
        400,
        'VALIDATION_ERROR',
      );
      expect(conflict.message).toBe('请求参数错误：purpose 与 type 不一致');
      const json = await t.http.post('/api/files/upload').set(bearer(tokens.sales)).send({ file: 'x' });
      expectFailure(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('lets staff and factory users upload, not customers, unbound WeChat users or anonymous callers', async () => {
      const photo = { bytes: await phoneJpeg(20, 20), name: 'a.jpg', type: 'image/jpeg' };
      for (const path of ['/api/files/upload', '/api/upload']) {
        expectFailure(await upload(path, tokens.customer, photo), 403, 'FORBIDDEN');
        expectFailure(await upload(path, tokens.unbound, photo), 403, 'FORBIDDEN');
        const anonymous = await t.http.post(path).attach('file', photo.bytes, 'a.jpg');
        expect(anonymous.status).toBe(401);
      }
    });
  });

  describe('UploadAttacher (attach, detach, thumbnailsFor)', () => {
    const progress = (id: number) => ({ type: 'progress', id });
    const newImage = async () =>
      files000(
        await upload('/api/files/upload', tokens.factory, {
          bytes: await phoneJpeg(60, 40, 1),
          name: 'p.jpg',
          type: 'image/jpeg',
        }),
      );
    const attach = (urls: string[], owner: { type: string; id: number }) =>
      t.container.db.transaction((tx) => t.container.files.uploads.attach(urls, owner, 1, tx));
    const attachError = (urls: string[], owner: { type: string; id: number }) =>
      attach(urls, owner).then(
        () => {
          throw new Error('attach should have failed');
        },
        (err: { code: string; status: number; message: string; details: unknown }) => err,
      );

    it('attaches uploads in the given order with their thumbnails; the same record again is fine', async () => {
      const [a, b] = [await newImage(), await newImage()];
      const host = `http://127.0.0.1:1234${b.url}`;
      const attached = await attach([b.url, a.url], progress(101));
      expect(attached).toEqual([
        { url: b.url, thumbnailUrl: b.thumbnailUrl },
        { url: a.url, thumbnailUrl: a.thumbnailUrl },
      ]);
      // The URL with the API host in front (as a client may send it back) names the same upload.
      expect(await attach([host], progress(101))).toEqual([{ url: b.url, thumbnailUrl: b.thumbnailUrl }]);
      const row = await UploadModel.findByPk(a.id);
      expect(row).toMatchObject({ attachedType: 'progress', attachedBy: 1 });
      expect(Number(row?.attachedId)).toBe(101);
      expect(row?.attachedAt).toBeInstanceOf(Date);
    });

    it('refuses an upload attached to another record, naming images[i] (400)', async () => {
      const [a, b] = [await newImage(), await newImage()];
      await attach([a.url], progress(201));
      const err = await attachError([b.url, a.url], progress(202));
      expect({ code: err.code, status: err.status }).toEqual({ code: 'VALIDATION_ERROR', status: 400 });
      expect(err.message).toBe('请求参数错误：images[1] 文件已被其他记录使用');
      // Nothing of the failed call stuck: b is still free.
      expect((await UploadModel.findByPk(b.id))?.attachedAt).toBeNull();
    });

    it('refuses foreign and unknown URLs, documents as images and repeats, each by index', async () => {
      const image = await newImage();
      const pdf = expectSuccess<UploadResult>(
        await upload(
          '/api/upload',
          tokens.sales,
          { bytes: tinyPdf(), name: 'c.pdf', type: 'application/pdf' },
          {
            type: 'contract',
          },
        ),
      );
      const cases: [string[], string][] = [
        [['https://evil.example.com/x.jpg'], 'images[0] 不是本系统上传的文件地址'],
        [[image.url, `/files/uploads/2026/11/${'f'.repeat(32)}.jpg`], 'images[1] 文件不存在或已过期，请重新上传'],
        [['/files/quotations/QUOT-1.pdf'], 'images[0] 不是本系统上传的文件地址'],
        [[pdf.url], 'images[0] 不是图片'],
        [[image.url, image.url], 'images[1] 与前面的文件重复'],
      ];
      for (const [urls, message] of cases) {
        const err = await attachError(urls, progress(301));
        expect(err.status).toBe(400);
        expect(err.message).toBe(`请求参数错误：${message}`);
      }
      expect((await UploadModel.findByPk(image.id))?.attachedAt).toBeNull();
    });

    it('lets exactly one of two records attach the same upload at the same moment', async () => {
      const image = await newImage();
      const results = await Promise.allSettled([
        attach([image.url], progress(401)),
        attach([image.url], progress(402)),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const row = await UploadModel.findByPk(image.id);
      const winner = results[0].status === 'fulfilled' ? 401 : 402;
      expect(Number(row?.attachedId)).toBe(winner);
    });

    it('maps URLs to thumbnails in one call, and detach makes the uploads orphans again', async () => {
      const [a, b] = [await newImage(), await newImage()];
      await attach([a.url, b.url], progress(501));
      const unknown = `/files/uploads/2026/11/${'e'.repeat(32)}.jpg`;
      const thumbs = await t.container.files.uploads.thumbnailsFor([a.url, b.url, unknown, 'https://x.example/y.jpg']);
      expect(Object.fromEntries(thumbs)).toEqual({ [a.url]: a.thumbnailUrl, [b.url]: b.thumbnailUrl });
      const detached = await t.container.db.transaction((tx) => t.container.files.uploads.detach(progress(501), tx));
      expect(detached).toBe(2);
      const rows = await UploadModel.findAll({ where: { id: [a.id, b.id] } });
      expect(rows.map((r) => [r.attachedType, r.attachedId, r.attachedAt])).toEqual([
        [null, null, null],
        [null, null, null],
      ]);
      // Free again: another record may take them.
      expect(await attach([a.url], progress(502))).toHaveLength(1);
    });
  });

  describe('orphan clean-up job', () => {
    it('deletes only uploads left unattached past UPLOAD_ORPHAN_TTL_HOURS, files and rows', async () => {
      const newImage = async () =>
        files000(
          await upload('/api/files/upload', tokens.factory, {
            bytes: await phoneJpeg(40, 30, 1),
            name: 'o.jpg',
            type: 'image/jpeg',
          }),
        );
      const job = t.container.files.jobs.find((j) => j.name === 'purge-orphan-uploads');
      if (!job) throw new Error('job not registered');
      await job.run(); // nothing from the earlier tests is old enough yet
      const [orphan, kept] = [await newImage(), await newImage()];
      await t.container.db.transaction((tx) =>
        t.container.files.uploads.attach([kept.url], { type: 'progress', id: 601 }, 1, tx),
      );
      clock.advance(23 * 3_600_000);
      const young = await newImage();
      clock.advance(2 * 3_600_000);
      const total = await rowCount();
      // Everything unattached from before (earlier tests) and `orphan` go; `kept` and `young` stay.
      const earlierOrphans = await UploadModel.count({ where: { attachedAt: null } });
      const summary = await job.run();
      expect(summary).toBe(`deleted ${earlierOrphans - 1}`);
      expect(await rowCount()).toBe(total - (earlierOrphans - 1));
      expect(await UploadModel.findByPk(orphan.id)).toBeNull();
      expect((await fetchFile(orphan.url)).status).toBe(404);
      expect((await fetchFile(orphan.thumbnailUrl ?? '')).status).toBe(404);
      for (const f of [kept, young]) {
        expect(await UploadModel.findByPk(f.id)).not.toBeNull();
        expect((await fetchFile(f.url)).status).toBe(200);
      }
      // An orphan that was claimed can no longer be attached; a detached old upload goes at the next run.
      await t.container.db.transaction((tx) => t.container.files.uploads.detach({ type: 'progress', id: 601 }, tx));
      expect(await job.run()).toBe('deleted 1');
      expect(await UploadModel.findByPk(kept.id)).toBeNull();
      expect(await UploadModel.findByPk(young.id)).not.toBeNull();
      expect(await job.run()).toBeUndefined();
    });
  });
});

describe('upload rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_RATE_PER_MIN: '2' });
    await seedDemo(t);
  }, 60_000);
  afterAll(() => t.close());

  it('answers 429 with Retry-After past UPLOAD_RATE_PER_MIN uploads a minute per user', async () => {
    const token = await t.login('sales', 'sales123');
    const photo = await phoneJpeg(20, 20);
    const send = () =>
      t.http
        .post('/api/files/upload')
        .set(bearer(token))
        .attach('file', photo, { filename: 'a.jpg', contentType: 'image/jpeg' });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const limited = await send();
    expectFailure(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
