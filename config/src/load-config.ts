import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvSchema, type Config, type DatabaseConfig, type Env } from './config.schema';

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`配置错误 / invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Secrets that must never run in production (examples from docs, obvious placeholders). */
const WEAK_SECRETS = new Set(['secret', 'changeme', 'change-me', 'jwt-secret', 'your-secret']);
const SECRET_FILE = 'jwt-secret';

function parseDatabase(url: string | undefined, dataDir: string): DatabaseConfig {
  if (!url) return { dialect: 'sqlite', storage: join(dataDir, 'app.sqlite') };
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    return { dialect: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
  }
  if (url.startsWith('sqlite:')) {
    const storage = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { dialect: 'sqlite', storage: storage === '' ? join(dataDir, 'app.sqlite') : storage };
  }
  throw new ConfigError([`DATABASE_URL: 只支持 mysql://… 或 sqlite:…（收到 "${url.split(':')[0]}:"）`]);
}

/** Reads the generated secret from the data directory, creating it once. */
function generatedSecret(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** `thing2=stage,time4=time` → { thing2: 'stage', time4: 'time' }; an empty template id means no notice. */
function noticeTemplate(templateId: string | undefined, pairs: string) {
  const data: Record<string, string> = {};
  for (const pair of pairs.split(',')) {
    const [key, field] = pair.split('=').map((s) => s.trim());
    if (key && field) data[key] = field;
  }
  return { templateId: templateId?.trim() || null, data };
}

function productionProblems(env: Env, wechatMode: 'mock' | 'live', demoData: boolean): string[] {
  const problems: string[] = [];
  const secret = env.JWT_SECRET;
  if (!secret) problems.push('JWT_SECRET 未设置：生产环境不使用自动生成的密钥');
  else if (secret.length < 32 || WEAK_SECRETS.has(secret.toLowerCase())) {
    problems.push('JWT_SECRET 太弱：至少 32 个字符的随机串');
  }
  if (wechatMode === 'mock') problems.push('WECHAT_MODE=mock：生产环境必须为 live');
  if (demoData) problems.push('DEMO_DATA=true：生产环境不允许演示账号');
  if (!env.DATABASE_URL) problems.push('DATABASE_URL 未设置：生产环境使用 MySQL（mysql://…）');
  return problems;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`JWT_SECRET=` in an env file) means "not set", never an empty value.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  const wechatMode = env.WECHAT_MODE ?? (isProduction ? 'live' : 'mock');
  const demoData = env.DEMO_DATA ?? !isProduction;
  const dataDir = resolve(env.DATA_DIR);

  const problems = isProduction ? productionProblems(env, wechatMode, demoData) : [];
  if (wechatMode === 'live' && (!env.WECHAT_APP_ID || !env.WECHAT_APP_SECRET)) {
    problems.push('WECHAT_MODE=live 需要 WECHAT_APP_ID 和 WECHAT_APP_SECRET');
  }
  if (env.ERP_MODE === 'http' && !env.ERP_BASE_URL) problems.push('ERP_MODE=http 需要 ERP_BASE_URL');
  if (problems.length > 0) throw new ConfigError(problems);

  const database = parseDatabase(env.DATABASE_URL, dataDir);
  return {
    env: env.NODE_ENV,
    isProduction,
    host: env.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    port: env.PORT,
    dataDir,
    database: { ...database, poolMax: env.DB_POOL_MAX, acquireMs: env.DB_POOL_ACQUIRE_MS, logSql: env.DB_LOG_SQL },
    jwt: {
      secret: env.JWT_SECRET ?? generatedSecret(dataDir),
      secretSource: env.JWT_SECRET ? 'env' : 'generated',
      staffTtlSeconds: env.JWT_STAFF_TTL_SECONDS,
      wechatTtlSeconds: env.JWT_WECHAT_TTL_SECONDS,
    },
    wechat: {
      mode: wechatMode,
      appId: env.WECHAT_APP_ID ?? '',
      appSecret: env.WECHAT_APP_SECRET ?? '',
      apiBase: env.WECHAT_API_BASE.replace(/\/$/, ''),
      timeoutMs: env.WECHAT_TIMEOUT_MS,
    },
    wechatNotices: {
      miniprogramState: env.WECHAT_MINIPROGRAM_STATE,
      orderPage: env.WECHAT_ORDER_PAGE.replace(/^\//, ''),
      templates: {
        progress: noticeTemplate(env.WECHAT_TEMPLATE_PROGRESS, env.WECHAT_TEMPLATE_PROGRESS_DATA),
        shipped: noticeTemplate(env.WECHAT_TEMPLATE_SHIPPED, env.WECHAT_TEMPLATE_SHIPPED_DATA),
        delivered: noticeTemplate(env.WECHAT_TEMPLATE_DELIVERED, env.WECHAT_TEMPLATE_DELIVERED_DATA),
      },
    },
    redisUrl: env.REDIS_URL ?? null,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    corsOrigins: env.CORS_ORIGINS,
    proxy: { trust: env.TRUST_PROXY, maxIpsCount: env.PROXY_MAX_IPS },
    bodyLimitJson: env.BODY_LIMIT_JSON,
    rateLimitDefaultPerMin: env.RATE_LIMIT_DEFAULT_PER_MIN,
    logLevel: env.LOG_LEVEL,
    demoData,
    metricsToken: env.METRICS_TOKEN ?? null,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    apiLogRetentionDays: env.API_LOG_RETENTION_DAYS,
    apiLogFlushMs: env.API_LOG_FLUSH_MS,
    jobsEnabled: env.JOBS_ENABLED,
    staticDir: env.STATIC_DIR ?? null,
    files: { dir: resolve(env.FILES_DIR ?? join(dataDir, 'files')), baseUrl: env.FILES_BASE_URL.replace(/\/+$/, '') },
    company: { name: env.COMPANY_NAME },
    uploads: {
      imageMaxBytes: env.UPLOAD_IMAGE_MAX_MB * 1024 * 1024,
      fileMaxBytes: env.UPLOAD_FILE_MAX_MB * 1024 * 1024,
      maxPixels: env.UPLOAD_MAX_PIXELS,
      maxEdge: env.UPLOAD_IMAGE_MAX_EDGE,
      thumbEdge: Math.min(env.UPLOAD_THUMB_EDGE, env.UPLOAD_IMAGE_MAX_EDGE),
      imageConcurrency: env.UPLOAD_IMAGE_CONCURRENCY,
      ratePerMin: env.UPLOAD_RATE_PER_MIN,
      orphanTtlHours: env.UPLOAD_ORPHAN_TTL_HOURS,
    },
    orders: {
      splitShippingRatePercent: env.ORDER_SPLIT_SHIPPING_RATE,
      haltDefaultHours: Math.min(env.ORDER_HALT_DEFAULT_HOURS, env.ORDER_HALT_MAX_HOURS),
      haltMaxHours: env.ORDER_HALT_MAX_HOURS,
      idempotencyTtlHours: env.IDEMPOTENCY_TTL_HOURS,
    },
    tasks: {
      leadFollowUpDays: env.TASK_LEAD_FOLLOW_UP_DAYS,
      quotationExpiringDays: env.TASK_QUOTATION_EXPIRING_DAYS,
      contractDeliveryDays: env.TASK_CONTRACT_DELIVERY_DAYS,
      paymentReminderDays: env.TASK_PAYMENT_REMINDER_DAYS,
    },
    kuaidi100: {
      baseUrl: env.KUAIDI100_BASE_URL.replace(/\/+$/, ''),
      customer: env.KUAIDI100_CUSTOMER ?? null,
      key: env.KUAIDI100_KEY ?? null,
      salt: env.KUAIDI100_SALT ?? null,
      callbackUrl: env.KUAIDI100_CALLBACK_URL ?? null,
      timeoutMs: env.KUAIDI100_TIMEOUT_MS,
    },
    erp: {
      mode: env.ERP_MODE,
      baseUrl: (env.ERP_BASE_URL ?? '').replace(/\/+$/, ''),
      apiKey: env.ERP_API_KEY ?? null,
      timeoutMs: env.ERP_TIMEOUT_MS,
      retries: env.ERP_RETRIES,
      maxResponseBytes: env.ERP_MAX_RESPONSE_MB * 1024 * 1024,
      breakerResetMs: env.ERP_BREAKER_RESET_MS,
      cacheTtlS: {
        search: env.ERP_CACHE_TTL_SEARCH_S,
        status: env.ERP_CACHE_TTL_STATUS_S,
        materials: env.ERP_CACHE_TTL_MATERIALS_S,
        progress: env.ERP_CACHE_TTL_PROGRESS_S,
      },
      cacheStaleS: env.ERP_CACHE_STALE_S,
      cacheMaxKeys: env.ERP_CACHE_MAX_KEYS,
      ratePerMin: { search: env.ERP_RATE_SEARCH_PER_MIN, read: env.ERP_RATE_READ_PER_MIN },
    },
  };
}
