import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Raw environment, as strings, validated and given defaults. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_POOL_ACQUIRE_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  DB_LOG_SQL: bool.default(false),
  JWT_SECRET: z.string().optional(),
  JWT_STAFF_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(12 * 3600),
  JWT_WECHAT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
  WECHAT_MODE: z.enum(['mock', 'live']).optional(),
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  WECHAT_ORDER_PAGE: z.string().min(1).max(256).default('customer/pages/order/index'),
  WECHAT_TEMPLATE_PROGRESS: z.string().max(128).optional(),
  WECHAT_TEMPLATE_PROGRESS_DATA: z.string().default('character_string1=orderNo,thing2=stage,phrase3=status,time4=time'),
  WECHAT_TEMPLATE_SHIPPED: z.string().max(128).optional(),
  WECHAT_TEMPLATE_SHIPPED_DATA: z
    .string()
    .default('character_string1=orderNo,thing2=company,character_string3=trackingNumber,time4=time'),
  WECHAT_TEMPLATE_DELIVERED: z.string().max(128).optional(),
  WECHAT_TEMPLATE_DELIVERED_DATA: z.string().default('character_string1=orderNo,phrase2=status,time3=time'),
  REDIS_URL: z.string().optional(),
  REDIS_KEY_PREFIX: z.string().max(64).default('odp:'),
  CORS_ORIGINS: csv.default([]),
  TRUST_PROXY: bool.default(false),
  PROXY_MAX_IPS: z.coerce.number().int().min(0).max(10).default(1),
  BODY_LIMIT_JSON: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  RATE_LIMIT_DEFAULT_PER_MIN: z.coerce.number().int().min(1).default(300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: bool.optional(),
  METRICS_TOKEN: z.string().optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
  API_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  API_LOG_FLUSH_MS: z.coerce.number().int().min(10).default(2000),
  JOBS_ENABLED: bool.default(true),
  STATIC_DIR: z.string().optional(),
  FILES_DIR: z.string().optional(),
  FILES_BASE_URL: z
    .string()
    .regex(/^(https?:\/\/[^\s]+|\/[^\s]*)$/, '须为 http(s) 地址或以 / 开头的路径')
    .default('/files'),
  COMPANY_NAME: z.string().trim().min(1).max(64).default('演示智能科技有限公司'),
  UPLOAD_IMAGE_MAX_MB: z.coerce.number().int().min(1).max(100).default(10),
  UPLOAD_FILE_MAX_MB: z.coerce.number().int().min(1).max(200).default(20),
  UPLOAD_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(268_402_689).default(40_000_000),
  UPLOAD_IMAGE_MAX_EDGE: z.coerce.number().int().min(320).max(16384).default(2560),
  UPLOAD_THUMB_EDGE: z.coerce.number().int().min(64).max(1024).default(320),
  UPLOAD_IMAGE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  UPLOAD_RATE_PER_MIN: z.coerce.number().int().min(1).default(60),
  UPLOAD_ORPHAN_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  ORDER_SPLIT_SHIPPING_RATE: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,2})?$|^100$/, '须为 0-100 的百分比，最多两位小数')
    .default('20'),
  ORDER_HALT_DEFAULT_HOURS: z.coerce.number().int().min(1).max(168).default(48),
  ORDER_HALT_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(168),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  TASK_LEAD_FOLLOW_UP_DAYS: z.coerce.number().int().min(0).max(90).default(1),
  TASK_QUOTATION_EXPIRING_DAYS: z.coerce.number().int().min(0).max(90).default(3),
  TASK_CONTRACT_DELIVERY_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  TASK_PAYMENT_REMINDER_DAYS: z.coerce.number().int().min(0).max(90).default(3),
  KUAIDI100_BASE_URL: z.url().default('https://poll.kuaidi100.com'),
  ERP_MODE: z.enum(['local', 'http']).default('local'),
  ERP_BASE_URL: z.url().optional(),
  ERP_API_KEY: z.string().optional(),
  ERP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(3000),
  ERP_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  ERP_MAX_RESPONSE_MB: z.coerce.number().int().min(1).max(100).default(5),
  ERP_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600000).default(10000),
  ERP_CACHE_TTL_SEARCH_S: z.coerce.number().int().min(0).max(86400).default(30),
  ERP_CACHE_TTL_STATUS_S: z.coerce.number().int().min(0).max(86400).default(30),
  ERP_CACHE_TTL_MATERIALS_S: z.coerce.number().int().min(0).max(86400).default(60),
  ERP_CACHE_TTL_PROGRESS_S: z.coerce.number().int().min(0).max(86400).default(30),
  ERP_CACHE_STALE_S: z.coerce.number().int().min(0).max(604800).default(86400),
  ERP_CACHE_MAX_KEYS: z.coerce.number().int().min(100).max(10000000).default(100000),
  ERP_RATE_SEARCH_PER_MIN: z.coerce.number().int().min(1).default(30),
  ERP_RATE_READ_PER_MIN: z.coerce.number().int().min(1).default(60),
  KUAIDI100_CUSTOMER: z.string().optional(),
  KUAIDI100_KEY: z.string().optional(),
  KUAIDI100_SALT: z.string().optional(),
  KUAIDI100_CALLBACK_URL: z.url().optional(),
  KUAIDI100_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
});
export type Env = z.infer<typeof EnvSchema>;

export type DatabaseConfig = { dialect: 'sqlite'; storage: string } | { dialect: 'mysql'; url: string };

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig & { poolMax: number; acquireMs: number; logSql: boolean };
  jwt: { secret: string; secretSource: 'env' | 'generated'; staffTtlSeconds: number; wechatTtlSeconds: number };
  wechat: { mode: 'mock' | 'live'; appId: string; appSecret: string; apiBase: string; timeoutMs: number };
  /** Subscribe-message notices (003): per event a template id (null: not sent) and data key → order field. */
  wechatNotices: {
    miniprogramState: 'developer' | 'trial' | 'formal';
    orderPage: string;
    templates: Record<
      'progress' | 'shipped' | 'delivered',
      { templateId: string | null; data: Record<string, string> }
    >;
  };
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  corsOrigins: string[];
  proxy: { trust: boolean; maxIpsCount: number };
  bodyLimitJson: number;
  rateLimitDefaultPerMin: number;
  logLevel: Env['LOG_LEVEL'];
  demoData: boolean;
  metricsToken: string | null;
  shutdownTimeoutMs: number;
  apiLogRetentionDays: number;
  apiLogFlushMs: number;
  jobsEnabled: boolean;
  staticDir: string | null;
  /** Generated and uploaded files: the directory (shareable between instances) and the URL prefix clients get. */
  files: { dir: string; baseUrl: string };
  /** The seller named on generated documents (quotation PDFs). */
  company: { name: string };
  /** Uploads (000 §3, 004 appendix B): limits per purpose, image processing, orphan clean-up. */
  uploads: {
    imageMaxBytes: number;
    fileMaxBytes: number;
    /** Decoded pixels (width × height) an image may have; checked from the header before decoding. */
    maxPixels: number;
    /** Long edge of the stored full image; larger images are scaled down. */
    maxEdge: number;
    thumbEdge: number;
    /** Images processed at once by this process (each holds a decoded image in memory). */
    imageConcurrency: number;
    ratePerMin: number;
    /** Uploads no record attached within this many hours are deleted. */
    orphanTtlHours: number;
  };
  orders: {
    /** Total shipping of a split as a percentage of the split amount, when the request names none (002 §4.1: 20). */
    splitShippingRatePercent: string;
    haltDefaultHours: number;
    haltMaxHours: number;
    idempotencyTtlHours: number;
  };
  /** Generated to-do tasks (004 §8): how many days ahead of its due day each kind of task is created. */
  tasks: {
    leadFollowUpDays: number;
    quotationExpiringDays: number;
    contractDeliveryDays: number;
    paymentReminderDays: number;
  };
  /** Kuaidi100 (002 §6); without a key, tracking answers LOGISTICS_API_ERROR and nothing is subscribed. */
  kuaidi100: {
    baseUrl: string;
    customer: string | null;
    key: string | null;
    salt: string | null;
    callbackUrl: string | null;
    timeoutMs: number;
  };
  /** 003's ERP boundary: the adapter, its HTTP client limits and the read-through cache. */
  erp: {
    mode: 'local' | 'http';
    baseUrl: string;
    apiKey: string | null;
    timeoutMs: number;
    retries: number;
    maxResponseBytes: number;
    breakerResetMs: number;
    cacheTtlS: { search: number; status: number; materials: number; progress: number };
    cacheStaleS: number;
    cacheMaxKeys: number;
    /** 003's per-user limits: search 30/min, status/materials/progress 60/min. */
    ratePerMin: { search: number; read: number };
  };
}
