// Helpers for bench/run.mjs: free ports, child processes, HTTP polling, autocannon.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

export const HOST = '127.0.0.1';
const live = new Set(); // children still running; killed if the runner itself exits early

process.on('exit', () => {
  for (const child of live) safeKill(child.pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function safeKill(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns `node <script>`; keeps the tail of stdout/stderr in child.out / child.err. */
export function startNode(script, env, cwd) {
  const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.out = '';
  child.err = '';
  const keep = (s) => (s.length > 200_000 ? s.slice(-200_000) : s);
  child.stdout.on('data', (d) => (child.out = keep(child.out + d)));
  child.stderr.on('data', (d) => (child.err = keep(child.err + d)));
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.exited.then(() => live.delete(child));
  live.add(child);
  return child;
}

/** SIGTERM by PID, then SIGKILL after graceMs; resolves with how it ended. */
export async function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exited;
  safeKill(child.pid, 'SIGTERM');
  const timer = sleep(graceMs).then(() => 'timeout');
  if ((await Promise.race([child.exited, timer])) === 'timeout') {
    safeKill(child.pid, 'SIGKILL');
    await Promise.race([child.exited, sleep(2000)]);
    return { code: null, signal: 'SIGKILL (after SIGTERM timed out)' };
  }
  return child.exited;
}

/** One HTTP request to 127.0.0.1; resolves { status, body } (body parsed as JSON when possible). */
export function httpJson(port, method, path, { body, headers = {}, timeoutMs = 5000 } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const hdrs = payload ? { 'content-type': 'application/json', ...headers } : headers;
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, method, path, headers: hdrs, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls GET path until it answers 200; fails early if the child exits, or after limitMs. */
export async function waitForOk(child, port, path, limitMs = 30_000) {
  const deadline = Date.now() + limitMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`process exited (code ${child.exitCode}, signal ${child.signalCode}) before ${path} answered`);
    }
    try {
      const res = await httpJson(port, 'GET', path, { timeoutMs: 2000 });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.message;
    }
    await sleep(200);
  }
  throw new Error(`${path} did not answer 200 within ${limitMs} ms (last: ${last})`);
}

/** Runs autocannon and reduces its result to the figures the report uses. */
export async function load({ port, connections, duration, path = '/', method = 'GET', headers, body, requests }) {
  const result = await autocannon({
    url: `http://${HOST}:${port}${path}`,
    method,
    headers,
    body,
    requests,
    connections,
    duration,
    timeout: 10,
  });
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
  };
}
