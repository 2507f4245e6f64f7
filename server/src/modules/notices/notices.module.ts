import type { Config } from '@app/config';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import {
  LiveWechatMessenger,
  MockWechatMessenger,
  WechatMessageApi,
  type WechatMessenger,
} from '../../integrations/wechat/wechat-message.client';
import { AccessTokenManager } from '../../integrations/wechat/wechat-token.manager';
import { RedisTokenStore } from '../../integrations/wechat/wechat-token.store';
import type { WechatClient } from '../../integrations/wechat/wechat.client';
import { DatabaseJobLock, RedisJobLock } from '../../jobs/job-lock';
import type { Clock } from '../../platform/clock';
import type { DomainEvents } from '../../platform/domain-events';
import type { Logger } from '../../platform/logger';
import { DatabaseTokenStore, NoticesRepository } from './notices.repository';
import { noticeRoutes } from './notices.routes';
import { OrderNoticesService } from './order-notices.service';
import { SubscribeSender } from './subscribe-sender';
import { WechatHealthProbe } from './wechat-health.probe';
import { WechatMessagesService } from './wechat-messages.service';

export interface NoticesModuleDeps {
  db: Database;
  redis: Redis | null;
  clock: Clock;
  config: Config;
  logger: Logger;
  domainEvents: DomainEvents;
  /** The login client, whose recent failures also count in the health check. */
  login: WechatClient;
  /** Tests may swap the sender of subscribe messages. */
  messenger?: WechatMessenger;
}

export interface NoticesModule {
  messenger: WechatMessenger;
  tokens: AccessTokenManager | null;
  messages: WechatMessagesService;
  notices: OrderNoticesService;
  health: WechatHealthProbe;
  routes: RouteSpec[];
}

/** 003 subscribe messages: the access_token, grants, the send route, notices on order events, the health probe. */
export function buildNoticesModule(deps: NoticesModuleDeps): NoticesModule {
  const { config, redis, db } = deps;
  const now = () => deps.clock.now().getTime();
  let tokens: AccessTokenManager | null = null;
  let messenger = deps.messenger;
  if (!messenger && config.wechat.mode === 'live') {
    const api = new WechatMessageApi(config.wechat);
    const storeName = `wechat-access-token:${config.wechat.appId}`;
    tokens = new AccessTokenManager({
      source: api,
      store: redis ? new RedisTokenStore(redis, storeName) : new DatabaseTokenStore(db, storeName),
      lock: redis ? new RedisJobLock(redis) : new DatabaseJobLock(db, () => deps.clock.now()),
      now,
      // A refresh that outlives the WeChat timeout (twice: the lease read and the call) frees the lease anyway.
      lockTtlMs: Math.max(5_000, config.wechat.timeoutMs * 2),
    });
    messenger = new LiveWechatMessenger(api, tokens);
  }
  messenger ??= new MockWechatMessenger();
  const repository = new NoticesRepository(db);
  const sender = new SubscribeSender({
    repository,
    messenger,
    clock: deps.clock,
    logger: deps.logger,
    miniprogramState: config.wechatNotices.miniprogramState,
  });
  const messages = new WechatMessagesService({ repository, sender, clock: deps.clock });
  const notices = new OrderNoticesService({
    repository,
    sender,
    templates: config.wechatNotices.templates,
    orderPage: config.wechatNotices.orderPage,
    logger: deps.logger,
  });
  notices.listen(deps.domainEvents);
  const health = new WechatHealthProbe(messenger, deps.login, () => Date.now());
  return { messenger, tokens, messages, notices, health, routes: noticeRoutes(messages, notices) };
}
