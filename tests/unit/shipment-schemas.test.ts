import {
  ShipmentCancelSchema,
  ShipmentConfirmSchema,
  ShipmentCreateSchema,
  ShipmentListQuerySchema,
  ShipmentLogisticsSchema,
  ShipmentUpdateSchema,
} from '@app/shared';

const fields = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('shipment schemas', () => {
  const create = {
    contractId: 3001,
    shippingAddress: '广东省深圳市南山区XX路XX号XX酒店',
    contactPerson: '李经理',
    contactPhone: '13800138000',
    plannedShipDate: '2025-01-08',
    items: [{ contractItemId: 1, productId: 101, thisShipmentQuantity: 100 }],
  };

  it('accepts 9.1’s example and refuses duplicate lines, empty lines and partial quantities', () => {
    expect(ShipmentCreateSchema.safeParse(create).success).toBe(true);
    const twice = ShipmentCreateSchema.safeParse({ ...create, items: [create.items[0], create.items[0]] });
    expect(fields(twice)).toEqual(['items.1.contractItemId']);
    expect(fields(ShipmentCreateSchema.safeParse({ ...create, items: [] }))).toEqual(['items']);
    const half = ShipmentCreateSchema.safeParse({
      ...create,
      items: [{ contractItemId: 1, thisShipmentQuantity: 0.5 }],
    });
    expect(fields(half)).toEqual(['items.0.thisShipmentQuantity']);
    expect(fields(ShipmentCreateSchema.safeParse({ ...create, contactPhone: '电话' }))).toEqual(['contactPhone']);
  });

  it('takes a carrier by code or Chinese name, and needs a tracking number except for self pickup', () => {
    const parse = (v: object) => ShipmentConfirmSchema.safeParse(v);
    const named = parse({ logisticsCompany: '顺丰速运', trackingNo: 'SF1234567890' });
    expect(named.success && named.data.logisticsCompany).toBe('SF');
    const lower = parse({ logisticsCompany: 'zto', trackingNo: '7512345678' });
    expect(lower.success && lower.data.logisticsCompany).toBe('ZTO');
    expect(fields(parse({ logisticsCompany: 'SF' }))).toEqual(['trackingNo']);
    expect(parse({ logisticsCompany: '自提' }).success).toBe(true);
    expect(fields(parse({ logisticsCompany: '某某快运', trackingNo: 'X1234567' }))).toEqual(['logisticsCompany']);
    expect(fields(parse({ logisticsCompany: 'SF', trackingNo: 'SF 123' }))).toEqual(['trackingNo']);
    expect(
      fields(
        parse({
          logisticsCompany: 'SF',
          trackingNo: 'SF1234567890',
          actualShipDate: '2025-01-08',
          estimatedDeliveryDate: '2025-01-07',
        }),
      ),
    ).toEqual(['estimatedDeliveryDate']);
    const logistics = ShipmentLogisticsSchema.safeParse({
      logisticsCompany: '德邦物流',
      trackingNo: 'DB9876543210',
      updateReason: '物流公司变更',
    });
    expect(logistics.success && logistics.data.logisticsCompany).toBe('DB');
    expect(fields(ShipmentLogisticsSchema.safeParse({ logisticsCompany: 'DB', trackingNo: 'DB9876543210' }))).toEqual([
      'updateReason',
    ]);
  });

  it('edits only the draft’s own fields, at least one', () => {
    expect(ShipmentUpdateSchema.safeParse({ plannedShipDate: '2025-01-10', notes: '客户要求延期发货' }).success).toBe(
      true,
    );
    expect(ShipmentUpdateSchema.safeParse({}).success).toBe(false);
    expect(ShipmentUpdateSchema.safeParse({ items: [] }).success).toBe(false);
    expect(ShipmentUpdateSchema.safeParse({ status: 'shipped' }).success).toBe(false);
  });

  it('a cancel needs its reason; list filters are checked', () => {
    expect(fields(ShipmentCancelSchema.safeParse({ cancelReason: '  ' }))).toEqual(['cancelReason']);
    expect(ShipmentListQuerySchema.parse({ status: 'in_transit', contractId: '3' })).toMatchObject({
      status: 'in_transit',
      contractId: 3,
      page: 1,
      pageSize: 20,
    });
    expect(ShipmentListQuerySchema.safeParse({ status: 'lost' }).success).toBe(false);
  });
});
