import { JiedanCreateSchema, JiedanPriceSchema, JiedanUpdateSchema } from '@app/shared';
import { deliveryCity } from '@app/server/src/modules/jiedan/factory-orders.service';
import { orderDescription, orderTitle, plainQuantity, toJiedanDto } from '@app/server/src/modules/jiedan/jiedan.mapper';
import { closedReason, type BidOrderFacts } from '@app/server/src/modules/jiedan/jiedan-records';

describe('JiedanPriceSchema', () => {
  it.each([
    [1500.5, '1500.50'],
    ['1500.50', '1500.50'],
    [' 88 ', '88.00'],
    [0.01, '0.01'],
    ['007.1', '7.10'],
    [99_999_999.99, '99999999.99'],
  ])('takes %j as %s', (input, out) => {
    expect(JiedanPriceSchema.parse(input)).toBe(out);
  });

  it.each([0, '0.00', -1, '-0.5', 1.234, 'abc', '1e3', 100_000_000, '', null, true, [1]])('refuses %j', (input) => {
    expect(JiedanPriceSchema.safeParse(input).success).toBe(false);
  });
});

describe('JiedanCreateSchema', () => {
  it('takes ids as numbers or numeric strings and leaves factory_id optional', () => {
    expect(JiedanCreateSchema.parse({ order_id: '12', factory_id: '3', price: 1 })).toEqual({
      order_id: 12,
      factory_id: 3,
      price: '1.00',
    });
    expect(JiedanCreateSchema.parse({ order_id: 12, price: '2' })).toEqual({ order_id: 12, price: '2.00' });
  });

  it.each([
    { price: 1 },
    { order_id: 0, price: 1 },
    { order_id: 'abc', price: 1 },
    { order_id: 1, factory_id: -2, price: 1 },
  ])('refuses %j', (body) => {
    expect(JiedanCreateSchema.safeParse(body).success).toBe(false);
  });
});

describe('JiedanUpdateSchema', () => {
  it('takes either a price or a status, not both and not neither', () => {
    expect(JiedanUpdateSchema.parse({ price: 10 })).toEqual({ price: '10.00' });
    expect(JiedanUpdateSchema.parse({ status: 'rejected', reason: '贵' })).toEqual({
      status: 'rejected',
      reason: '贵',
    });
    expect(JiedanUpdateSchema.safeParse({}).success).toBe(false);
    expect(JiedanUpdateSchema.safeParse({ price: 1, status: 'accepted' }).success).toBe(false);
    expect(JiedanUpdateSchema.safeParse({ status: 'pending' }).success).toBe(false);
  });
});

describe(closedReason.name, () => {
  const open: BidOrderFacts = {
    id: 1,
    orderNo: 'OD1',
    status: 'PENDING_PO',
    isLocked: false,
    split: false,
    acceptedBidId: null,
  };

  it('opens only an unlocked, unsplit PENDING_PO order without an accepted bid', () => {
    expect(closedReason(open)).toBeNull();
    expect(closedReason({ ...open, status: 'PENDING_CONFIRMATION' })).toContain('PENDING_CONFIRMATION');
    expect(closedReason({ ...open, status: 'CANCELLED' })).toContain('CANCELLED');
    expect(closedReason({ ...open, status: 'HALTED' })).toContain('HALTED');
    expect(closedReason({ ...open, isLocked: true })).toBe('订单已锁定');
    expect(closedReason({ ...open, split: true })).toBe('订单已拆单');
    expect(closedReason({ ...open, acceptedBidId: 9 })).toBe('订单已选定接单工厂');
  });
});

describe('bid mapping', () => {
  const summary = {
    id: 7,
    orderNo: 'OD20260116001',
    lines: [
      { productName: '智能客控主机', quantity: '100.00', unit: '台' },
      { productName: '面板', quantity: '2.50', unit: null },
    ],
  };

  it('titles an order by number and products, and describes its lines', () => {
    expect(orderTitle(summary, 7)).toBe('OD20260116001 智能客控主机 等2项');
    expect(orderTitle({ ...summary, lines: summary.lines.slice(0, 1) }, 7)).toBe('OD20260116001 智能客控主机');
    expect(orderTitle(undefined, 7)).toBe('订单 7');
    expect(orderDescription(summary)).toBe('智能客控主机 ×100台；面板 ×2.5');
    expect(plainQuantity('3.10')).toBe('3.1');
    expect(plainQuantity('4.00')).toBe('4');
  });

  it('answers 001’s field types: price a number, factory and agreeing user ids strings', () => {
    const at = new Date('2026-01-16T02:00:00.000Z');
    const dto = toJiedanDto({
      id: 1,
      orderId: 7,
      factoryId: 3,
      status: 'accepted',
      price: '1500.50',
      jiedanTime: at,
      agreeTime: at,
      agreeUserId: 12,
      rejectReason: null,
      rejectedAt: null,
      createdAt: at,
      updatedAt: at,
    });
    expect(dto).toEqual({
      id: 1,
      order_id: 7,
      factory_id: '3',
      status: 'accepted',
      price: 1500.5,
      jiedan_time: '2026-01-16T02:00:00.000Z',
      agree_time: '2026-01-16T02:00:00.000Z',
      agree_user_id: '12',
      reject_reason: null,
      reject_time: null,
      created_at: '2026-01-16T02:00:00.000Z',
      updated_at: '2026-01-16T02:00:00.000Z',
    });
  });

  it('keeps every DECIMAL(10,2) price exact through the JSON number', () => {
    for (const cents of [1, 5, 10, 99, 150_050, 1_234_567, 9_999_999_999, 3_333_333_333]) {
      const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      expect(Number(price).toFixed(2)).toBe(price);
    }
  });
});

describe(deliveryCity.name, () => {
  it.each([
    ['广东省深圳市南山区科技园1号', null, '深圳市'],
    ['上海市浦东新区世纪大道100号', null, '上海市'],
    ['新疆维吾尔自治区乌鲁木齐市天山区', null, '乌鲁木齐市'],
    ['浙江省杭州市', '宁波市', '杭州市'],
    ['天河路某某超市旁', '广州市', '广州市'],
    ['朝阳区建国路88号', null, null],
    [null, ' 深圳市 ', '深圳市'],
    [null, null, null],
  ])('%s (customer city %s) → %s', (address, city, expected) => {
    expect(deliveryCity(address, city)).toBe(expected);
  });
});
