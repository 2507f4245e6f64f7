// `npm start`: build what is needed, then run the server in this process.
// The server bundle always rebuilds (esbuild, under a second); the mini-program's H5 build (served at `/`)
// is built when missing. Set SKIP_H5_BUILD=1 to serve the API alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, cwd) => {
  const res = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
};

run(['run', 'build', '-w', 'server', '--silent'], root);
if (!process.env.SKIP_H5_BUILD && !existsSync(join(root, 'miniprogram/dist/h5/index.html'))) {
  process.stdout.write('Building the mini-program H5 pages (first start only)…\n');
  run(['run', 'build:h5', '-w', 'miniprogram', '--silent'], root);
}
await import(join(root, 'server/dist/main.js'));
