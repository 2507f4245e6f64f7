import { createLogger } from '@app/server/src/platform/logger';
import type { NoticesRepository } from '@app/server/src/modules/notices/notices.repository';
import { chinaTime, OrderNoticesService } from '@app/server/src/modules/notices/order-notices.service';
import type { Delivery, SubscribeSender } from '@app/server/src/modules/notices/subscribe-sender';

const logger = createLogger('silent');

function setup(templates: ConstructorParameters<typeof OrderNoticesService>[0]['templates']) {
  const delivered: Delivery[] = [];
  const repository = {
    recipients: async () => [
      { userId: 1, openid: 'oUserOne000000' },
      { userId: 2, openid: 'oUserTwo000000' },
    ],
  } as unknown as NoticesRepository;
  const sender = {
    deliver: async (d: Delivery) => {
      delivered.push(d);
      return { result: 'sent' as const, msgid: '1', at: new Date() };
    },
  } as unknown as SubscribeSender;
  const service = new OrderNoticesService({
    repository,
    sender,
    templates,
    orderPage: 'pages/order-detail/index',
    logger,
  });
  return { service, delivered };
}

const none = { templateId: null, data: {} };

describe(OrderNoticesService.name, () => {
  it('sends one message per recipient with the order page, cutting texts to the key limit', async () => {
    const { service, delivered } = setup({
      progress: { templateId: 'tpl-p', data: { character_string1: 'orderNo', thing2: 'note', time3: 'time' } },
      shipped: none,
      delivered: none,
    });
    await service.notify('progress', {
      orderId: 7,
      customerId: 3,
      values: {
        orderNo: 'OD20260302001',
        note: '一二三四五六七八九十一二三四五六七八九十一二三',
        time: '2026-03-02 10:00',
      },
    });
    expect(delivered.map((d) => d.openid)).toEqual(['oUserOne000000', 'oUserTwo000000']);
    expect(delivered[0]).toMatchObject({
      templateId: 'tpl-p',
      page: 'pages/order-detail/index?orderId=7',
      source: 'progress',
      orderId: 7,
      data: {
        character_string1: { value: 'OD20260302001' },
        thing2: { value: '一二三四五六七八九十一二三四五六七八九十' },
        time3: { value: '2026-03-02 10:00' },
      },
    });
  });

  it('skips a notice whose template is not configured', async () => {
    const { service, delivered } = setup({ progress: none, shipped: none, delivered: none });
    expect(await service.notify('shipped', { orderId: 1, customerId: 1, values: {} })).toEqual([]);
    expect(delivered).toEqual([]);
  });

  it('refuses at start a data mapping with an unknown field or key', () => {
    expect(() =>
      setup({ progress: { templateId: 't', data: { thing1: 'price' } }, shipped: none, delivered: none }),
    ).toThrow('WECHAT_TEMPLATE_PROGRESS_DATA');
    expect(() =>
      setup({ progress: none, shipped: { templateId: 't', data: { title1: 'orderNo' } }, delivered: none }),
    ).toThrow('WECHAT_TEMPLATE_SHIPPED_DATA');
  });

  it('writes times in China time', () => {
    expect(chinaTime(new Date('2026-03-02T18:30:00Z'))).toBe('2026-03-03 02:30');
  });
});
