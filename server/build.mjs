// Bundles the server and the workspace packages it imports (@app/*) into dist/main.js;
// every other package stays in node_modules (native sqlite3, mysql2, …).
import { build } from 'esbuild';

const workspace = /^@app\//;

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'externalize-dependencies',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          workspace.test(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
