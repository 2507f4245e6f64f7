// Raw node:http hello-world: the ceiling the Koa server is compared against.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';

const body = JSON.stringify({ ok: true });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () => {
  process.stdout.write(`baseline listening on ${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
