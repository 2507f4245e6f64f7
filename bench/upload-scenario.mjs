// The `upload` scenario of bench/run.mjs: a phone-sized JPEG posted as multipart to POST /api/files/upload,
// with the server's resident memory sampled from /proc while it runs.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// sharp is the server's dependency; the bench uses the same copy.
const sharp = createRequire(join(root, 'server/package.json'))('sharp');

const PEAK_RSS_LIMIT_MB = 300;
/** glibc: two malloc arenas and a fixed mmap threshold, so libvips' large buffers go back to the system. */
const RECOMMENDED_MALLOC = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

/** A 4000×3000 photo of noise (about 3 MB, as a 12-megapixel phone JPEG), EXIF orientation 6 with a GPS position. */
async function phonePhoto() {
  return sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: { r: 120, g: 130, b: 110 },
      noise: { type: 'gaussian', mean: 128, sigma: 12 },
    },
  })
    .jpeg({ quality: 88 })
    .withExif({
      IFD0: { Make: 'BenchPhone', Model: 'BP-1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 54/1 2667/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 23/1 29/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Samples VmRSS and VmHWM of a process every 100 ms until it is gone or stopped. */
function sampleMemory(pid) {
  const peak = { startKb: 0, rssKb: 0, hwmKb: 0, samples: 0 };
  const kb = (status, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peak.rssKb = Math.max(peak.rssKb, kb(status, 'VmRSS'));
      peak.hwmKb = Math.max(peak.hwmKb, kb(status, 'VmHWM'));
      if (peak.samples === 0) peak.startKb = kb(status, 'VmRSS');
      peak.samples += 1;
    } catch {
      clearInterval(timer);
    }
  };
  const timer = setInterval(read, 100);
  timer.unref();
  read();
  return peak;
}

let memory = null;
let photoBytes = 0;
const mb = (kb) => Math.round((kb / 1024) * 10) / 10;

export const uploadScenario = {
  description:
    'POST /api/files/upload: a 3 MB 4000×3000 phone JPEG (noise, EXIF orientation 6 + GPS) as multipart, ' +
    'rotated, stripped, scaled to 2560 px, thumbnail; run with --connections 4; peak RSS of the server sampled',
  // The per-user upload limit would stop the load after 60 requests. The server runs with the allocator settings
  // docs/operations.md recommends for image processing (BENCH_MALLOC=glibc: glibc's defaults instead); UPLOAD_* and
  // MALLOC_* given to the bench are passed on, to compare settings.
  env: {
    UPLOAD_RATE_PER_MIN: '100000000',
    ...(process.env.BENCH_MALLOC === 'glibc' ? {} : RECOMMENDED_MALLOC),
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k.startsWith('UPLOAD_') || k.startsWith('MALLOC_')),
    ),
  },
  setup: async (ctx) => {
    console.log('  generating the 4000×3000 photo …');
    const photo = await phonePhoto();
    photoBytes = photo.length;
    console.log(`  photo: ${(photo.length / 1048576).toFixed(2)} MB`);
    const boundary = `----odpbench${randomBytes(8).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="IMG_0001.jpg"\r\n` +
          'Content-Type: image/jpeg\r\n\r\n',
      ),
      photo,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const check = await ctx.http('GET', '/api/health/check');
    if (check.status !== 200) throw new Error(`server not healthy: ${check.status}`);
    memory = sampleMemory(ctx.pid);
    return {
      method: 'POST',
      path: '/api/files/upload',
      headers: {
        authorization: `Bearer ${ctx.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    };
  },
  targets: { minRatio: 0, maxP99Ms: 3000 },
  /** Resident memory of the server before the first upload, and its peak while loaded (warm-up included). */
  figures: () => ({
    malloc: process.env.BENCH_MALLOC === 'glibc' ? 'glibc defaults' : RECOMMENDED_MALLOC,
    startRssMB: memory ? mb(memory.startKb) : null,
    photoMB: Math.round((photoBytes / 1048576) * 100) / 100,
    peakRssMB: memory ? mb(memory.rssKb) : null,
    vmHwmMB: memory ? mb(memory.hwmKb) : null,
    rssSamples: memory?.samples ?? 0,
  }),
  extraChecks: () => [
    {
      name: `peak RSS < ${PEAK_RSS_LIMIT_MB} MB`,
      pass: memory !== null && mb(memory.hwmKb) < PEAK_RSS_LIMIT_MB,
      value: memory ? `${mb(memory.hwmKb)} MB (VmHWM; sampled VmRSS max ${mb(memory.rssKb)} MB)` : 'not sampled',
    },
  ],
};
