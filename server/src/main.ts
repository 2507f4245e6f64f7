import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from '@app/config';
import { buildContainer } from './container';
import type { DemoData } from './modules/demo/demo-seeder';

function printDemo(demo: DemoData, baseUrl: string): void {
  const lines = [
    '',
    '演示数据已创建 / demo data seeded:',
    ...demo.accounts.map((a) => `  ${a.roleName.padEnd(6, '　')} ${a.username} / ${a.password}`),
    `  企业客户 ${demo.customer.customerName} (${demo.customer.customerCode})  微信邀请码 ${demo.customer.inviteCode}`,
    `  工厂     ${demo.factory.name} (${demo.factory.factoryCode})  微信邀请码 ${demo.factory.inviteCode}`,
    `  微信登录（模拟模式）：POST ${baseUrl}/api/auth/wx-login {"code":"mock:任意名字"}，再用邀请码绑定`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

function withDefaults(config: Config): Config {
  const h5 = resolve(__dirname, '../../miniprogram/dist/h5');
  return { ...config, staticDir: config.staticDir ?? (existsSync(h5) ? h5 : null) };
}

async function main(): Promise<void> {
  const config = withDefaults(loadConfig());
  const container = buildContainer(config);
  const { logger } = container;
  const demo = await container.prepare({ seedDemo: config.demoData });

  if (config.isProduction && (await container.services.demo.hasDemoAdminPassword())) {
    throw new ConfigError(['admin 账号仍是演示密码 admin123：生产环境请先修改密码']);
  }
  const baseUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  if (demo) printDemo(demo, baseUrl);
  if (config.jobsEnabled) container.jobs.start();

  let stopping = false;
  const handle = container.app.callback();
  // Handlers still running: a client that hangs up does not stop its handler, which may still need the database.
  const inFlight = new Set<Promise<void>>();
  const server: Server = createServer((req, res) => {
    // While stopping, answers ask the client to close, so in-flight connections drain.
    if (stopping) res.setHeader('Connection', 'close');
    const running = handle(req, res).finally(() => inFlight.delete(running));
    inFlight.add(running);
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((ok) => server.listen(config.port, config.host, ok));
  logger.info(
    { url: baseUrl, database: config.database.dialect, wechat: config.wechat.mode, redis: Boolean(config.redisUrl) },
    'listening',
  );
  process.stdout.write(`API ${baseUrl}/api  文档 ${baseUrl}/api/docs\n`);

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Keep-alive connections that go idle after their last answer are closed as they do.
    setInterval(() => server.closeIdleConnections(), 100).unref();
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    server.close(() => {
      Promise.allSettled([...inFlight])
        .then(() => container.close())
        .then(() => {
          logger.info('stopped');
          process.exit(0);
        })
        .catch((err: unknown) => {
          logger.error({ err }, 'error while closing');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(err.message + '\n');
  else
    process.stderr.write(
      `启动失败 / failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  process.exit(1);
});
