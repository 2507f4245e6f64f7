// Runs jest. The MariaDB project runs when MariaDB answers; otherwise it is skipped LOUDLY
// (and in CI, where .ci/run has started MariaDB, an unreachable MariaDB is a failure).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = new URL(process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(1500);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('timeout', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(false));
    s.connect(port, host);
  });
}

const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
if (await reachable(redisUrl.hostname, Number(redisUrl.port || 6379))) process.env.TEST_REDIS_URL = redisUrl.toString();
else if (process.env.CI) {
  console.error(`Redis at ${redisUrl.host} is not reachable, and CI requires the Redis tests.`);
  console.log('0 passed, 1 failed');
  process.exit(1);
} else {
  delete process.env.TEST_REDIS_URL;
  console.warn('\n!!! Redis not reachable at ' + redisUrl.host + ': SKIPPING the multi-instance (Redis) tests. !!!\n');
}

const args = process.argv.slice(2);
const selecting = args.includes('--selectProjects');
const mysqlUp = await reachable(url.hostname, Number(url.port || 3306));
if (mysqlUp) process.env.TEST_MYSQL_AVAILABLE = '1';
if (!selecting) {
  if (mysqlUp) args.push('--selectProjects', 'unit', 'sqlite', 'mariadb', 'e2e');
  else if (process.env.CI) {
    console.error(`MariaDB at ${url.host} is not reachable, and CI requires the MariaDB tests.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  } else {
    console.warn('\n!!! MariaDB not reachable at ' + url.host + ': SKIPPING the MariaDB integration tests. !!!\n');
    args.push('--selectProjects', 'unit', 'sqlite', 'e2e');
  }
}
const summaryFile = join(mkdtempSync(join(tmpdir(), 'odp-summary-')), 'summary.txt');
// --forceExit: a suite whose setup failed may leave its app open; the run must still end (jest names the leak).
const res = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', '--forceExit', ...args], {
  stdio: 'inherit',
  env: { ...process.env, TEST_SUMMARY_FILE: summaryFile },
});
// The summary is the closing line of the run (jest prints its own report after the reporters).
const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '0 passed, 1 failed';
console.log(`\n${summary}`);
process.exit(res.status ?? 1);
