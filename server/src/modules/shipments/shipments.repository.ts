import { Op, col, fn, literal, where as sqlWhere, type Transaction, type WhereOptions } from 'sequelize';
import type { LogisticsCompany, ShipmentListQuery, ShipmentStatus } from '@app/shared';
import { ContractItemModel, ContractModel, ShipmentItemModel, ShipmentLogModel, ShipmentModel } from '../../db/models';
import { scopeWhere } from '../../db/scope-where';
import type { DataScope } from '../access/principal';
import type { ContractLine } from './shipment-rules';

/** A shipment row as the services see it. Money is a DECIMAL value (string, or number from SQLite). */
export interface ShipmentRecord {
  id: number;
  shipmentNo: string;
  shipmentTitle: string;
  contractId: number;
  customerId: number;
  status: ShipmentStatus;
  shipmentAmount: string | number;
  shippingAddress: string;
  contactPerson: string;
  contactPhone: string;
  plannedShipDate: string | null;
  actualShipDate: string | null;
  estimatedDeliveryDate: string | null;
  actualDeliveryDate: string | null;
  logisticsCompany: LogisticsCompany | null;
  trackingNo: string | null;
  notes: string | null;
  signNotes: string | null;
  cancelReason: string | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ShipmentItemRecord {
  id: number;
  contractItemId: number;
  productId: number;
  productCode: string;
  productName: string;
  unit: string;
  contractQuantity: number;
  alreadyShippedQuantity: number;
  thisShipmentQuantity: number;
  remainingQuantity: number;
  unitPrice: string | number;
  subtotal: string | number;
}

export type ShipmentItemWrite = Omit<ShipmentItemRecord, 'id'>;

export interface ShipmentLogRecord {
  action: string;
  fromStatus: ShipmentStatus | null;
  toStatus: ShipmentStatus;
  note: string | null;
  operatorId: number | null;
  createdAt: Date;
}

export interface ShipmentWrite {
  shipmentNo: string;
  shipmentTitle: string;
  contractId: number;
  customerId: number;
  shipmentAmount: string;
  shippingAddress: string;
  contactPerson: string;
  contactPhone: string;
  plannedShipDate: string | null;
  notes: string | null;
  createdBy: number;
}

/** Columns a state change or an edit may set. */
export type ShipmentPatch = Partial<
  Pick<
    ShipmentRecord,
    | 'shipmentTitle'
    | 'shippingAddress'
    | 'contactPerson'
    | 'contactPhone'
    | 'plannedShipDate'
    | 'notes'
    | 'actualShipDate'
    | 'estimatedDeliveryDate'
    | 'actualDeliveryDate'
    | 'logisticsCompany'
    | 'trackingNo'
    | 'signNotes'
    | 'cancelReason'
    | 'shippedAt'
    | 'deliveredAt'
    | 'cancelledAt'
  >
> & { status?: ShipmentStatus; shippedBy?: number; deliveredBy?: number; cancelledBy?: number; updatedBy: number };

const day = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

function toRecord(m: ShipmentModel): ShipmentRecord {
  const r = m.get({ plain: true });
  return {
    id: Number(r.id),
    shipmentNo: r.shipmentNo,
    shipmentTitle: r.shipmentTitle,
    contractId: Number(r.contractId),
    customerId: Number(r.customerId),
    status: r.status as ShipmentStatus,
    shipmentAmount: r.shipmentAmount,
    shippingAddress: r.shippingAddress,
    contactPerson: r.contactPerson,
    contactPhone: r.contactPhone,
    plannedShipDate: day(r.plannedShipDate),
    actualShipDate: day(r.actualShipDate),
    estimatedDeliveryDate: day(r.estimatedDeliveryDate),
    actualDeliveryDate: day(r.actualDeliveryDate),
    logisticsCompany: (r.logisticsCompany ?? null) as LogisticsCompany | null,
    trackingNo: r.trackingNo ?? null,
    notes: r.notes ?? null,
    signNotes: r.signNotes ?? null,
    cancelReason: r.cancelReason ?? null,
    shippedAt: r.shippedAt ?? null,
    deliveredAt: r.deliveredAt ?? null,
    cancelledAt: r.cancelledAt ?? null,
    createdBy: r.createdBy === null ? null : Number(r.createdBy),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * A shipment is visible with its contract: sales see those of their own customers' contracts (or contracts they
 * own); data.all sees every one. Sub-selects keep the scope in the query.
 */
export function shipmentScope(scope: DataScope): WhereOptions {
  if (scope.kind !== 'owner') return scopeWhere(scope, {});
  const userId = Math.trunc(scope.userId);
  return {
    [Op.or]: [
      { customerId: { [Op.in]: literal(`(SELECT id FROM customers WHERE ownerId = ${userId})`) } },
      { contractId: { [Op.in]: literal(`(SELECT id FROM contracts WHERE ownerId = ${userId})`) } },
    ],
  };
}

/** Shipments (004 §9), their lines and history, and the contract quantities they take. */
export class ShipmentsRepository {
  async create(data: ShipmentWrite, items: readonly ShipmentItemWrite[], t: Transaction): Promise<number> {
    const row = await ShipmentModel.create({ ...data, status: 'draft', updatedBy: data.createdBy }, { transaction: t });
    const shipmentId = Number(row.id);
    await ShipmentItemModel.bulkCreate(
      items.map((item, i) => ({
        ...item,
        unitPrice: String(item.unitPrice),
        subtotal: String(item.subtotal),
        shipmentId,
        sortOrder: i + 1,
      })),
      { transaction: t },
    );
    return shipmentId;
  }

  async findById(id: number, scope: DataScope, t?: Transaction): Promise<ShipmentRecord | null> {
    const row = await ShipmentModel.findOne({ where: { [Op.and]: [{ id }, shipmentScope(scope)] }, transaction: t });
    return row ? toRecord(row) : null;
  }

  async list(q: ShipmentListQuery, scope: DataScope): Promise<{ rows: ShipmentRecord[]; total: number }> {
    const conditions: WhereOptions[] = [shipmentScope(scope)];
    if (q.contractId !== undefined) conditions.push({ contractId: q.contractId });
    if (q.customerId !== undefined) conditions.push({ customerId: q.customerId });
    if (q.status) conditions.push({ status: q.status });
    // The ship date: the actual one once shipped, the planned one before.
    const shipDate = fn('COALESCE', col('actualShipDate'), col('plannedShipDate'));
    if (q.startDate) conditions.push(sqlWhere(shipDate, Op.gte, q.startDate));
    if (q.endDate) conditions.push(sqlWhere(shipDate, Op.lte, q.endDate));
    const { rows, count } = await ShipmentModel.findAndCountAll({
      where: { [Op.and]: conditions },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { rows: rows.map(toRecord), total: count };
  }

  /**
   * A conditional update: it applies only while the shipment still has one of `statuses`, so the state check is
   * the UPDATE itself and of two concurrent callers exactly one wins.
   */
  async update(id: number, patch: ShipmentPatch, statuses: readonly ShipmentStatus[], t: Transaction) {
    const [count] = await ShipmentModel.update(patch, {
      where: { id, status: { [Op.in]: [...statuses] } },
      transaction: t,
    });
    return count === 1;
  }

  async items(shipmentId: number, t?: Transaction): Promise<ShipmentItemRecord[]> {
    const rows = await ShipmentItemModel.findAll({
      where: { shipmentId },
      order: [
        ['sortOrder', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction: t,
    });
    return rows.map((m) => ({
      id: Number(m.id),
      contractItemId: Number(m.contractItemId),
      productId: Number(m.productId),
      productCode: m.productCode,
      productName: m.productName,
      unit: m.unit,
      contractQuantity: Number(m.contractQuantity),
      alreadyShippedQuantity: Number(m.alreadyShippedQuantity),
      thisShipmentQuantity: Number(m.thisShipmentQuantity),
      remainingQuantity: Number(m.remainingQuantity),
      unitPrice: m.unitPrice,
      subtotal: m.subtotal,
    }));
  }

  async log(
    entry: Omit<ShipmentLogRecord, 'createdAt'> & { shipmentId: number; createdAt: Date },
    t: Transaction,
  ): Promise<void> {
    await ShipmentLogModel.create(entry, { transaction: t });
  }

  async logs(shipmentId: number): Promise<ShipmentLogRecord[]> {
    const rows = await ShipmentLogModel.findAll({ where: { shipmentId }, order: [['id', 'ASC']] });
    return rows.map((m) => ({
      action: m.action,
      fromStatus: (m.fromStatus ?? null) as ShipmentStatus | null,
      toStatus: m.toStatus as ShipmentStatus,
      note: m.note,
      operatorId: m.operatorId === null ? null : Number(m.operatorId),
      createdAt: m.createdAt,
    }));
  }

  /** Contract numbers by id, for lists (deleted contracts still name their number). */
  async contractNumbers(ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await ContractModel.findAll({
      attributes: ['id', 'contractNo'],
      where: { id: { [Op.in]: unique } },
      paranoid: false,
      raw: true,
    });
    return new Map(rows.map((r) => [Number(r.id), r.contractNo]));
  }

  /** The contract's lines with what is already taken, locked for the transaction (MySQL) so the sum is current. */
  async contractLines(contractId: number, t: Transaction): Promise<ContractLine[]> {
    const rows = await ContractItemModel.findAll({
      where: { contractId },
      order: [
        ['sortOrder', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    return rows.map((m) => ({
      id: Number(m.id),
      productId: Number(m.productId),
      productCode: m.productCode,
      productName: m.productName,
      unit: m.unit,
      quantity: Number(m.quantity),
      unitPrice: String(m.unitPrice),
      shippedQuantity: Number(m.shippedQuantity),
    }));
  }

  /**
   * Takes `quantity` units of a contract line, decided by the database: `UPDATE … SET shippedQuantity =
   * shippedQuantity + n WHERE shippedQuantity + n <= quantity`. Returns the line's shipped quantity after, or null
   * when the units are no longer there (another shipment took them).
   */
  async takeQuantity(contractItemId: number, quantity: number, by: number, t: Transaction): Promise<number | null> {
    const n = Math.trunc(quantity);
    const [count] = await ContractItemModel.update(
      { shippedQuantity: literal(`shippedQuantity + ${n}`), updatedBy: by },
      {
        where: { [Op.and]: [{ id: contractItemId }, literal(`shippedQuantity + ${n} <= quantity`)] },
        transaction: t,
      },
    );
    if (count !== 1) return null;
    return this.shippedQuantity(contractItemId, t);
  }

  /** Gives back units of a cancelled shipment; never below zero. */
  async returnQuantity(contractItemId: number, quantity: number, by: number, t: Transaction): Promise<boolean> {
    const n = Math.trunc(quantity);
    const [count] = await ContractItemModel.update(
      { shippedQuantity: literal(`shippedQuantity - ${n}`), updatedBy: by },
      { where: { id: contractItemId, shippedQuantity: { [Op.gte]: n } }, transaction: t, paranoid: false },
    );
    return count === 1;
  }

  async shippedQuantity(contractItemId: number, t: Transaction): Promise<number> {
    const row = await ContractItemModel.findOne({
      attributes: ['shippedQuantity'],
      where: { id: contractItemId },
      transaction: t,
      paranoid: false,
      lock: t.LOCK.UPDATE,
    });
    return row ? Number(row.shippedQuantity) : 0;
  }

  /** Writes the contract's shipped amount (computed exactly from its lines by the caller). */
  async setShippedAmount(contractId: number, amount: string, by: number, t: Transaction): Promise<void> {
    await ContractModel.update({ shippedAmount: amount, updatedBy: by }, { where: { id: contractId }, transaction: t });
  }
}
