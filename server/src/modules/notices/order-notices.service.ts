import type { Config } from '@app/config';
import { PROGRESS_STATUS_LABELS, PROGRESS_TYPE_LABELS, type NoticeTemplate } from '@app/shared';
import { COMPANY_NAMES } from '../../integrations/logistics/logistics.client';
import { checkTemplateData, templateKeyKind } from '../../integrations/wechat/wechat-template-data';
import type { DomainEventMap, DomainEvents } from '../../platform/domain-events';
import type { Logger } from '../../platform/logger';
import type { NoticesRepository } from './notices.repository';
import type { DeliveryOutcome, SubscribeSender } from './subscribe-sender';

export type NoticeKind = NoticeTemplate['event'];

const NOTICE_TITLES: Readonly<Record<NoticeKind, string>> = {
  progress: '生产进度更新通知',
  shipped: '订单发货通知',
  delivered: '订单签收通知',
};
type Templates = Config['wechatNotices']['templates'];

/** The order fields each notice can put into a template, by name (`WECHAT_TEMPLATE_*_DATA`). */
export const NOTICE_FIELDS: Readonly<Record<NoticeKind, readonly string[]>> = {
  progress: ['orderNo', 'stage', 'status', 'time', 'note'],
  shipped: ['orderNo', 'company', 'trackingNumber', 'status', 'time', 'note'],
  delivered: ['orderNo', 'status', 'time', 'note'],
};

/** The longest value WeChat takes per key kind; longer order texts are cut, not refused. */
const MAX_CHARS: Readonly<Record<string, number>> = {
  thing: 20,
  short_thing: 5,
  character_string: 32,
  phrase: 5,
  name: 10,
  letter: 32,
  number: 32,
};

const NAMES: Readonly<Record<string, string>> = COMPANY_NAMES;

/** `2026-03-02 10:00` in China time, as the mini-program's users read it. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export interface NoticeTarget {
  orderId: number;
  customerId: number;
  values: Record<string, string>;
}

/**
 * Notices on order events (new progress, shipped, delivered): one subscribe message to each bound user of the
 * order's company who allows one more of that template, opening the order's page. Runs after the change committed
 * (domain events); a failure is logged, never thrown back.
 */
export class OrderNoticesService {
  constructor(
    private readonly d: {
      repository: NoticesRepository;
      sender: SubscribeSender;
      templates: Templates;
      orderPage: string;
      logger: Logger;
    },
  ) {
    for (const kind of Object.keys(NOTICE_FIELDS) as NoticeKind[]) {
      for (const [key, field] of Object.entries(d.templates[kind].data)) {
        if (!NOTICE_FIELDS[kind].includes(field) || !templateKeyKind(key)) {
          throw new Error(`WECHAT_TEMPLATE_${kind.toUpperCase()}_DATA: ${key}=${field} is not a known key or field`);
        }
      }
    }
  }

  /** The notices this deployment sends (configured templates only), for the mini-program's subscribe dialog. */
  templates(): NoticeTemplate[] {
    return (Object.keys(NOTICE_TITLES) as NoticeKind[]).flatMap((event) => {
      const templateId = this.d.templates[event].templateId;
      return templateId ? [{ event, templateId, title: NOTICE_TITLES[event] }] : [];
    });
  }

  listen(events: DomainEvents): void {
    events.on('progress.posted', (e) => this.safely('progress', progressTarget(e)));
    events.on('order.shipped', (e) => this.safely('shipped', shippedTarget(e)));
    events.on('order.delivered', (e) => this.safely('delivered', deliveredTarget(e)));
  }

  /** Sends the notice of `kind` to every recipient; answers what happened to each (none when unconfigured). */
  async notify(kind: NoticeKind, target: NoticeTarget): Promise<DeliveryOutcome[]> {
    const template = this.d.templates[kind];
    if (!template.templateId) return [];
    const data: Record<string, { value: string }> = {};
    for (const [key, field] of Object.entries(template.data)) {
      const max = MAX_CHARS[templateKeyKind(key) ?? ''];
      const value = target.values[field] ?? '';
      data[key] = { value: max ? [...value].slice(0, max).join('') : value };
    }
    const problem = checkTemplateData(data);
    if (problem) {
      this.d.logger.warn({ kind, orderId: target.orderId, problem }, 'wechat notice data not accepted; not sent');
      return [];
    }
    const recipients = await this.d.repository.recipients(target.customerId, template.templateId);
    const outcomes: DeliveryOutcome[] = [];
    for (const r of recipients) {
      outcomes.push(
        await this.d.sender.deliver({
          ...r,
          templateId: template.templateId,
          page: `${this.d.orderPage}?orderId=${target.orderId}`,
          data,
          source: kind,
          orderId: target.orderId,
        }),
      );
    }
    return outcomes;
  }

  private async safely(kind: NoticeKind, target: NoticeTarget): Promise<void> {
    try {
      const outcomes = await this.notify(kind, target);
      const failed = outcomes.filter((o) => o.result === 'failed').length;
      if (failed > 0) this.d.logger.warn({ kind, orderId: target.orderId, failed }, 'wechat notices not delivered');
    } catch (err) {
      this.d.logger.error({ err, kind, orderId: target.orderId }, 'wechat notice failed');
    }
  }
}

function progressTarget(e: DomainEventMap['progress.posted']): NoticeTarget {
  const stage = PROGRESS_TYPE_LABELS[e.type];
  const status = PROGRESS_STATUS_LABELS[e.status];
  return {
    orderId: e.orderId,
    customerId: e.customerId,
    values: { orderNo: e.orderNo, stage, status, time: chinaTime(e.at), note: `${stage}${status}` },
  };
}

function shippedTarget(e: DomainEventMap['order.shipped']): NoticeTarget {
  const company = e.logisticsCompany ? (NAMES[e.logisticsCompany] ?? e.logisticsCompany) : '';
  return {
    orderId: e.orderId,
    customerId: e.customerId,
    values: {
      orderNo: e.orderNo,
      company,
      trackingNumber: e.trackingNumber ?? '',
      status: '已发货',
      time: chinaTime(e.at),
      note: `订单${e.orderNo}已发货`,
    },
  };
}

function deliveredTarget(e: DomainEventMap['order.delivered']): NoticeTarget {
  return {
    orderId: e.orderId,
    customerId: e.customerId,
    values: { orderNo: e.orderNo, status: '已签收', time: chinaTime(e.at), note: `订单${e.orderNo}已签收` },
  };
}
