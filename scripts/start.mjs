// `npm start`: build what is needed, then run the server (in a child process with allocator settings on Linux).
// The server bundle always rebuilds (esbuild, under a second); the mini-program's H5 build (served at `/`)
// is built when missing or older than its sources. Set SKIP_H5_BUILD=1 to serve the API alone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, cwd) => {
  const res = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
};

/** The newest modification time under `path` (a file or a folder), in ms. */
const newest = (path) => {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
};

run(['run', 'build', '-w', 'server', '--silent'], root);
const h5Index = join(root, 'miniprogram/dist/h5/index.html');
const h5Sources = ['src', 'config', 'package.json', 'babel.config.js'].map((p) => join(root, 'miniprogram', p));
if (!process.env.SKIP_H5_BUILD) {
  const built = existsSync(h5Index) ? statSync(h5Index).mtimeMs : 0;
  if (built < Math.max(...h5Sources.map(newest))) {
    process.stdout.write(
      built ? 'Rebuilding the mini-program H5 pages (sources changed)…\n' : 'Building the mini-program H5 pages…\n',
    );
    run(['run', 'build:h5', '-w', 'miniprogram', '--silent'], root);
  }
}
const server = join(root, 'server/dist/main.js');
if (process.platform === 'linux' && process.env.MALLOC_ARENA_MAX === undefined) {
  // glibc's allocator fragments under libvips' threads (image uploads): with two arenas the server's memory stays
  // bounded (docs/operations.md). glibc reads these only at process start, so the server runs as a child.
  const env = {
    ...process.env,
    MALLOC_ARENA_MAX: '2',
    MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
  };
  const child = spawn(process.execPath, [server], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await import(server);
}
