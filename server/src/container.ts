import type { Config } from '@app/config';
import type Koa from 'koa';
import { createApp } from './app';
import { createDatabase, type Database } from './db/database';
import { migrate, withBootLock } from './db/migrator';
import { initModels } from './db/models';
import { Authenticator } from './http/authenticate';
import type { AppState } from './http/context';
import { PrometheusMetrics } from './http/prometheus';
import { RateLimiterFactory } from './http/rate-limit';
import type { RouteSpec } from './http/route';
import type { ErpClient } from './integrations/erp/erp.client';
import { buildErpModule } from './modules/erp/erp.module';
import type { FileStorage } from './integrations/storage/file-storage';
import { LocalFileStorage } from './integrations/storage/local-file-storage';
import { HttpWechatClient, MockWechatClient, type WechatClient } from './integrations/wechat/wechat.client';
import { DatabaseJobLock, RedisJobLock } from './jobs/job-lock';
import { JobRunner } from './jobs/job-runner';
import { purgeApiCallLogsJob } from './jobs/purge-api-call-logs.job';
import { purgeIdempotencyKeysJob } from './jobs/purge-idempotency-keys.job';
import { IdempotencyGuard } from './http/idempotency';
import { IdempotencyKeysRepository } from './modules/idempotency/idempotency-keys.repository';
import { AccessService } from './modules/access/access.service';
import { PrincipalCache } from './modules/access/principal-cache';
import { authRoutes } from './modules/auth/auth.routes';
import { AuthService } from './modules/auth/auth.service';
import { TokenService } from './modules/auth/token.service';
import { CustomerActivityRepository } from './modules/customers/customer-activity.repository';
import { CustomerContactsRepository } from './modules/customers/customer-contacts.repository';
import { CustomerPipelineService } from './modules/customers/customer-pipeline.service';
import { CrmExcelService } from './modules/customers/crm-excel.service';
import type { CrmDeps } from './modules/customers/crm-deps';
import { customerRoutes } from './modules/customers/customers.routes';
import { CustomersRepository } from './modules/customers/customers.repository';
import { CustomersService } from './modules/customers/customers.service';
import { leadRoutes } from './modules/customers/leads.routes';
import { LeadStatisticsService } from './modules/customers/lead-statistics.service';
import { DemoSeeder, type DemoData } from './modules/demo/demo-seeder';
import { factoryRoutes } from './modules/factories/factories.routes';
import { FactoriesRepository } from './modules/factories/factories.repository';
import { FactoriesService } from './modules/factories/factories.service';
import { inviteCodeRoutes } from './modules/invite-codes/invite-codes.routes';
import { InviteCodesRepository } from './modules/invite-codes/invite-codes.repository';
import { InviteCodeService } from './modules/invite-codes/invite-codes.service';
import { ApiCallLogsRepository } from './modules/monitoring/api-call-logs.repository';
import { ApiCallRecorder } from './modules/monitoring/api-call-recorder';
import { monitoringRoutes } from './modules/monitoring/monitoring.routes';
import { MonitoringService } from './modules/monitoring/monitoring.service';
import { NumberSequenceRepository } from './modules/numbering/number-sequence.repository';
import { operationLogRoutes } from './modules/operation-logs/operation-logs.routes';
import { OperationLogsRepository } from './modules/operation-logs/operation-logs.repository';
import { OperationLogService } from './modules/operation-logs/operation-logs.service';
import { CategoriesRepository } from './modules/products/categories.repository';
import { CategoriesService } from './modules/products/categories.service';
import { ProductsExcelService } from './modules/products/products-excel.service';
import { productRoutes } from './modules/products/products.routes';
import { ProductsRepository } from './modules/products/products.repository';
import { ProductsService } from './modules/products/products.service';
import type { ContractsService } from './modules/contracts/contracts.service';
import { buildQuotationsModule } from './modules/quotations/quotations.module';
import { buildContractsModule, type ContractsModule } from './modules/contracts/contracts.module';
import { buildOrdersModule, type OrdersModule } from './modules/orders/orders.module';
import { buildJiedanModule, JiedanRepository } from './modules/jiedan/jiedan.module';
import { buildFilesModule, type FilesModule } from './modules/files/files.module';
import { buildProgressModule, type ProgressModule } from './modules/progress/progress.module';
import { buildTicketsModule } from './modules/tickets/tickets.module';
import { buildPaymentsModule } from './modules/payments/payments.module';
import { buildInvoicesModule } from './modules/invoices/invoices.module';
import { buildShipmentsModule } from './modules/shipments/shipments.module';
import { buildTasksModule, type TasksModule } from './modules/tasks/tasks.module';
import { buildDashboardModule } from './modules/dashboard/dashboard.module';
import { OrderEventsRepository } from './modules/orders/order-events.repository';
import { DomainEvents } from './platform/domain-events';
import { buildNoticesModule, type NoticesModule } from './modules/notices/notices.module';
import type { QuotationStatusService } from './modules/quotations/quotation-status.service';
import type { QuotationsRepository } from './modules/quotations/quotations.repository';
import type { QuotationsService } from './modules/quotations/quotations.service';
import { roleRoutes } from './modules/roles/roles.routes';
import { RolesRepository } from './modules/roles/roles.repository';
import { RolesService } from './modules/roles/roles.service';
import { userRoutes } from './modules/users/users.routes';
import { UsersRepository } from './modules/users/users.repository';
import { UsersService } from './modules/users/users.service';
import { wechatAuthRoutes } from './modules/wechat-auth/wechat-auth.routes';
import { WechatAuthService } from './modules/wechat-auth/wechat-auth.service';
import { systemClock, type Clock } from './platform/clock';
import { createLogger, type Logger } from './platform/logger';
import { PasswordHasher } from './platform/password-hasher';
import { createRedis, type Redis } from './platform/redis';

/** What tests may swap: outside services, the clock, the logger, the password cost. */
export interface Overrides {
  clock?: Clock;
  logger?: Logger;
  wechat?: WechatClient;
  erp?: ErpClient;
  hasher?: PasswordHasher;
  collectDefaultMetrics?: boolean;
  storage?: FileStorage;
}

export interface Container {
  config: Config;
  db: Database;
  redis: Redis | null;
  logger: Logger;
  app: Koa<AppState>;
  routes: RouteSpec[];
  services: {
    auth: AuthService;
    users: UsersService;
    roles: RolesService;
    factories: FactoriesService;
    invites: InviteCodeService;
    tokens: TokenService;
    access: AccessService;
    monitoring: MonitoringService;
    operationLogs: OperationLogService;
    wechatAuth: WechatAuthService;
    demo: DemoSeeder;
    categories: CategoriesService;
    products: ProductsService;
    customers: CustomersService;
    customerPipeline: CustomerPipelineService;
    quotations: QuotationsService;
    quotationStatus: QuotationStatusService;
    contracts: ContractsService;
  };
  repositories: {
    customers: CustomersRepository;
    apiCallLogs: ApiCallLogsRepository;
    users: UsersRepository;
    quotations: QuotationsRepository;
  };
  orders: OrdersModule;
  /** Contracts (004 §7); `contracts.signing.startWarrantyOnDelivery` is for the shipment module. */
  contracts: ContractsModule;
  /** Production progress (000). */
  progress: ProgressModule;
  /** To-do tasks (004 §8) and the jobs that generate them. */
  tasks: TasksModule;
  /** Domain events (new progress, …) for notices; emitted after commit. */
  domainEvents: DomainEvents;
  /** WeChat subscribe messages (003): access_token, grants, sends, notices on order events. */
  notices: NoticesModule;
  /** Uploads; `files.uploads` is the `UploadAttacher` for records that reference uploaded files. */
  files: FilesModule;
  storage: FileStorage;
  apiCalls: ApiCallRecorder;
  jobs: JobRunner;
  /**
   * Migrates, syncs the permission catalogue and (with `seedDemo`) seeds an empty database, under the
   * boot lock; then starts the background writers. Call once before serving. Returns the seeded demo data.
   */
  prepare(options?: { seedDemo?: boolean }): Promise<DemoData | null>;
  close(): Promise<void>;
}

export function buildContainer(config: Config, overrides: Overrides = {}): Container {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const db = createDatabase(config.database);
  initModels(db.sequelize);
  const redis = config.redisUrl ? createRedis(config.redisUrl, config.redisKeyPrefix, logger) : null;

  const users = new UsersRepository(db);
  const rolesRepo = new RolesRepository(db);
  const customers = new CustomersRepository(db);
  const factoriesRepo = new FactoriesRepository(db);
  const inviteRepo = new InviteCodesRepository(db);
  const apiCallLogs = new ApiCallLogsRepository(db);
  const sequences = new NumberSequenceRepository();
  const categoriesRepo = new CategoriesRepository();
  const productsRepo = new ProductsRepository();

  const hasher = overrides.hasher ?? new PasswordHasher();
  const tokens = new TokenService(config.jwt.secret, clock);
  const access = new AccessService(users);
  const cache = new PrincipalCache((id) => access.loadPrincipal(id), {
    ttlMs: 60_000,
    maxEntries: 50_000,
    publisher: redis,
    channel: `${config.redisKeyPrefix}principal-invalidate`,
    logger,
  });
  access.attachCache(cache);

  const wechat =
    overrides.wechat ??
    (config.wechat.mode === 'mock'
      ? new MockWechatClient()
      : new HttpWechatClient({
          apiBase: config.wechat.apiBase,
          appId: config.wechat.appId,
          appSecret: config.wechat.appSecret,
          timeoutMs: config.wechat.timeoutMs,
        }));
  // 003's ERP boundary; its calls go into the API call log (`apiCalls`, built below, used only per request).
  const erpModule = buildErpModule({
    config,
    db,
    redis,
    clock,
    logger,
    recordCall: (entry) => apiCalls.record(entry),
    client: overrides.erp,
  });
  const erp = erpModule.client;

  const storage = overrides.storage ?? new LocalFileStorage(config.files.dir, config.files.baseUrl);
  const files = buildFilesModule({ db, clock, storage, config: config.uploads });
  const quotations = buildQuotationsModule({
    db,
    clock,
    customers,
    users,
    products: productsRepo,
    sequences,
    storage,
    companyName: config.company.name,
  });

  const contracts = buildContractsModule({
    db,
    clock,
    customers,
    users,
    products: productsRepo,
    sequences,
    uploads: files.uploads,
    quotationRef: async (id, scope, t) => {
      const q = await quotations.repository.findById(id, scope, t);
      return q ? { customerId: q.customerId, status: q.status } : null;
    },
    fileMaxBytes: config.uploads.fileMaxBytes,
  });

  // The accepted bid (001) guides the split: the bids repository is the order module's supplier hint.
  const jiedanBids = new JiedanRepository();
  const domainEvents = new DomainEvents(logger);
  const orders = buildOrdersModule({
    hints: jiedanBids,
    domainEvents,
    db,
    redis,
    clock,
    config,
    logger,
    customers,
    users,
    products: productsRepo,
    factories: factoriesRepo,
    sequences,
    quotationWithItems: quotations.withItems,
  });
  const progress = buildProgressModule({
    db,
    clock,
    events: new OrderEventsRepository(),
    users,
    uploads: files.uploads,
    domainEvents,
    orders: orders.repository,
    cache: {
      ttlMs: 60_000,
      maxEntries: 20_000,
      publisher: redis,
      channel: `${config.redisKeyPrefix}progress-invalidate`,
      logger,
    },
  });
  // A change to an order, its lines or its posts (here, or on another instance through pub/sub) reaches the ERP cache.
  for (const shared of [orders.repository.detailCache, progress.repository.postsCache]) {
    shared?.onDrop((orderId) => erpModule.orderChanged(orderId));
  }
  const notices = buildNoticesModule({ db, redis, clock, config, logger, domainEvents, login: wechat });
  const jiedan = buildJiedanModule({ db, clock, factories: factoriesRepo, orders, bids: jiedanBids });
  const tickets = buildTicketsModule({ db, clock, customers, users, sequences });
  const financeDeps = { db, clock, contracts: contracts.repository, sequences };
  const payments = buildPaymentsModule(financeDeps);
  const invoices = buildInvoicesModule(financeDeps, payments);
  const shipments = buildShipmentsModule({
    db,
    clock,
    sequences,
    contracts: contracts.repository,
    startWarrantyOnDelivery: (contractId, date, by, t) =>
      contracts.signing.startWarrantyOnDelivery(contractId, date, by, t),
  });

  const tasks = buildTasksModule({ db, clock, users, settings: config.tasks });
  const dashboard = buildDashboardModule({ db, clock });

  const crm: CrmDeps = {
    db,
    customers,
    contacts: new CustomerContactsRepository(),
    activity: new CustomerActivityRepository(),
    users,
    sequences,
    clock,
    deals: quotations.deals,
  };
  const customersService = new CustomersService(crm);
  const pipeline = new CustomerPipelineService(crm, customersService);
  const crmExcel = new CrmExcelService(crm, customersService);

  const operationLogs = new OperationLogService(new OperationLogsRepository(db), clock, logger);
  const invites = new InviteCodeService(inviteRepo, customers, factoriesRepo, clock);
  const services = {
    auth: new AuthService(users, hasher, tokens, access, clock, config.jwt.staffTtlSeconds),
    users: new UsersService(db, users, rolesRepo, hasher, access),
    roles: new RolesService(db, rolesRepo, access),
    factories: new FactoriesService(factoriesRepo, sequences, invites),
    invites,
    tokens,
    access,
    monitoring: new MonitoringService(db, apiCallLogs, { erp, wechat: notices.health }, clock),
    operationLogs,
    wechatAuth: new WechatAuthService({
      db,
      wechat,
      users,
      roles: rolesRepo,
      customers,
      factories: factoriesRepo,
      invites,
      companies: { byInviteCode: (code) => erpModule.service.companyByInviteCode(code) },
      tokens,
      access,
      clock,
      ttlSeconds: config.jwt.wechatTtlSeconds,
    }),
    customers: customersService,
    customerPipeline: pipeline,
    quotations: quotations.quotations,
    quotationStatus: quotations.status,
    contracts: quotations.contracts,
    categories: new CategoriesService(db, categoriesRepo),
    products: new ProductsService(db, productsRepo, categoriesRepo, factoriesRepo),
    demo: new DemoSeeder({
      db,
      users,
      roles: rolesRepo,
      customers,
      factories: factoriesRepo,
      invites: inviteRepo,
      sequences,
      hasher,
      clock,
    }),
  };

  const routes: RouteSpec[] = [
    ...authRoutes(services.auth),
    ...wechatAuthRoutes(services.wechatAuth),
    ...userRoutes(services.users),
    ...roleRoutes(services.roles),
    ...operationLogRoutes(operationLogs),
    ...factoryRoutes(services.factories),
    ...inviteCodeRoutes(invites),
    ...productRoutes(
      services.categories,
      services.products,
      new ProductsExcelService(services.products, productsRepo, categoriesRepo, factoriesRepo),
    ),
    ...customerRoutes(customersService, pipeline, crmExcel),
    ...leadRoutes(customersService, pipeline, new LeadStatisticsService(crm), crmExcel),
    ...quotations.routes,
    ...contracts.routes,
    // Before the order routes: GET /api/orders/search must never reach the staff GET /api/orders/:id.
    ...erpModule.routes,
    ...orders.routes,
    ...jiedan.routes,
    ...files.routes,
    ...progress.routes,
    ...notices.routes,
    ...tickets.routes,
    ...payments.routes,
    ...invoices.routes,
    ...shipments.routes,
    ...tasks.routes,
    ...dashboard.routes,
    ...monitoringRoutes(services.monitoring),
  ];

  const idempotencyKeys = new IdempotencyKeysRepository(db);
  const apiCalls = new ApiCallRecorder(apiCallLogs, logger, { flushMs: config.apiLogFlushMs, maxBatch: 250 });
  const metrics = new PrometheusMetrics(overrides.collectDefaultMetrics ?? true);
  const app = createApp({
    config,
    logger,
    routes,
    authenticator: new Authenticator(tokens, access),
    rateLimiters: new RateLimiterFactory(redis),
    operationLogs,
    apiCalls,
    metrics,
    files: storage,
    idempotency: new IdempotencyGuard(
      idempotencyKeys,
      () => clock.now(),
      config.orders.idempotencyTtlHours * 3_600_000,
    ),
  });
  const jobLock = redis ? new RedisJobLock(redis) : new DatabaseJobLock(db, () => clock.now());
  const jobs = new JobRunner(
    [
      purgeApiCallLogsJob(apiCallLogs, clock, config.apiLogRetentionDays),
      ...quotations.jobs,
      ...orders.jobs,
      ...files.jobs,
      ...progress.jobs,
      ...tasks.jobs,
      purgeIdempotencyKeysJob(idempotencyKeys, clock),
    ],
    jobLock,
    logger,
    () => clock.now().getTime(),
  );

  return {
    config,
    db,
    redis,
    logger,
    app,
    routes,
    services,
    repositories: { customers, apiCallLogs, users, quotations: quotations.repository },
    orders,
    contracts,
    progress,
    tasks,
    domainEvents,
    notices,
    files,
    storage,
    apiCalls,
    jobs,
    async prepare(options = {}) {
      const demo = await withBootLock(db, async () => {
        await migrate(db);
        await services.roles.syncCatalogue();
        return options.seedDemo ? services.demo.seedIfEmpty() : null;
      });
      if (redis) {
        // The subscriber queues its SUBSCRIBE until connected (and re-subscribes after a reconnect).
        const subscriber = redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
        subscriber.on('error', () => undefined);
        await cache
          .subscribe(subscriber)
          .catch((err: unknown) => logger.warn({ err }, 'principal invalidation channel unavailable'));
        for (const shared of [orders.repository.detailCache, progress.repository.postsCache]) {
          await shared
            ?.subscribe(subscriber)
            .catch((err: unknown) => logger.warn({ err }, 'cache invalidation channel unavailable'));
        }
      }
      apiCalls.start();
      return demo;
    },
    async close() {
      await jobs.stop();
      erpModule.close();
      await apiCalls.stop();
      await cache.close();
      if (redis) redis.disconnect();
      await db.close();
    },
  };
}
