import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { loadConfig, type Config } from '@app/config';
import { buildContainer, type Container, type Overrides } from '@app/server/src/container';
import { PasswordHasher } from '@app/server/src/platform/password-hasher';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface TestApp {
  container: Container;
  config: Config;
  http: TestAgent;
  server: Server;
  baseUrl: string;
  /** Logs in a staff user and returns the bearer token. */
  login(username: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/** A cheap scrypt cost: tests hash many passwords; production cost is the default. */
export const fastHasher = () => new PasswordHasher({ N: 1024, r: 8, p: 1 });

/**
 * The real app on a fresh database (SQLite or MariaDB per jest project), listening on 127.0.0.1.
 * `env` adds configuration; `overrides` swaps outside services (fake WeChat, clock).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: Overrides = {},
  /** Share another app's database (several instances of one system); it is then not dropped here. */
  shared?: TestDatabase,
): Promise<TestApp & { database: TestDatabase }> {
  const db: TestDatabase = shared ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    LOG_LEVEL: 'silent',
    API_LOG_FLUSH_MS: '50',
    DB_POOL_MAX: '5',
    ...env,
  });
  const container = buildContainer(config, { hasher: fastHasher(), collectDefaultMetrics: false, ...overrides });
  await container.prepare();
  const server = createServer(container.app.callback());
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = request(baseUrl);
  return {
    database: db,
    container,
    config,
    http,
    server,
    baseUrl,
    async login(username, password) {
      const res = await http.post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data.token as string;
    },
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await container.close();
      if (!shared) await db.drop();
    },
  };
}
