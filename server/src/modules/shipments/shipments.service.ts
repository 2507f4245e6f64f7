import type { Transaction } from 'sequelize';
import type {
  ShipmentCancel,
  ShipmentConfirm,
  ShipmentConfirmed,
  ShipmentCreate,
  ShipmentDetail,
  ShipmentListQuery,
  ShipmentLogistics,
  ShipmentSign,
  ShipmentSigned,
  ShipmentStatus,
  ShipmentSummary,
  ShipmentUpdate,
} from '@app/shared';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { COMPANY_NAMES } from '../../integrations/logistics/logistics.client';
import type { Clock } from '../../platform/clock';
import { scopeFor, type DataScope, type Principal } from '../access/principal';
import type { ContractsRepository } from '../contracts/contracts.repository';
import { formatNumber, type NumberSequenceRepository } from '../numbering/number-sequence.repository';
import {
  SHIPMENT_TRANSITIONS,
  SHIPPABLE_CONTRACT_STATUSES,
  WRONG_STATE_MESSAGES,
  canStart,
  checkDeliveryDate,
  checkShipDates,
  chinaToday,
  lineQuantities,
  planShipment,
  quantityExceeded,
  shippedAmountOf,
  type ShipmentAction,
} from './shipment-rules';
import { carrierText, toShipmentDetailDto, toShipmentSummaryDto } from './shipments.mapper';
import type { ShipmentPatch, ShipmentRecord, ShipmentsRepository } from './shipments.repository';

export interface ShipmentsDeps {
  db: Database;
  clock: Clock;
  shipments: ShipmentsRepository;
  contracts: Pick<ContractsRepository, 'findById' | 'update' | 'customerNames'>;
  sequences: NumberSequenceRepository;
  /** The contract module's warranty start for contracts whose warranty runs from delivery (first delivery counts). */
  startWarrantyOnDelivery(contractId: number, deliveredDate: string, by: number, t: Transaction): Promise<boolean>;
}

/** Field names in the history. */
const FIELD_LABELS: Record<keyof ShipmentUpdate, string> = {
  shipmentTitle: '标题',
  shippingAddress: '收货地址',
  contactPerson: '收货联系人',
  contactPhone: '联系电话',
  plannedShipDate: '计划发货日期',
  notes: '备注',
};

const contractError = (message: string) =>
  new AppError('SHIPMENT_CONTRACT_INVALID', message, [{ field: 'contractId', message }]);

/** 004 §9: shipments against a signed contract's lines, their state machine, and the contract's shipped amount. */
export class ShipmentsService {
  constructor(private readonly d: ShipmentsDeps) {}

  async list(principal: Principal, q: ShipmentListQuery) {
    const { rows, total } = await this.d.shipments.list(q, scopeFor(principal));
    const [numbers, customers] = await Promise.all([
      this.d.shipments.contractNumbers(rows.map((r) => r.contractId)),
      this.d.contracts.customerNames(rows.map((r) => r.customerId)),
    ]);
    const list: ShipmentSummary[] = rows.map((r) =>
      toShipmentSummaryDto(r, {
        contractNo: numbers.get(r.contractId) ?? null,
        customerName: customers.get(r.customerId) ?? null,
      }),
    );
    return {
      list,
      pagination: { page: q.page, pageSize: q.pageSize, total, totalPages: Math.ceil(total / q.pageSize) },
    };
  }

  async get(principal: Principal, id: number): Promise<ShipmentDetail> {
    const s = await this.mustFind(scopeFor(principal), id);
    const [items, logs, numbers, customers] = await Promise.all([
      this.d.shipments.items(s.id),
      this.d.shipments.logs(s.id),
      this.d.shipments.contractNumbers([s.contractId]),
      this.d.contracts.customerNames([s.customerId]),
    ]);
    return toShipmentDetailDto(
      s,
      { contractNo: numbers.get(s.contractId) ?? null, customerName: customers.get(s.customerId) ?? null },
      items,
      logs,
    );
  }

  /**
   * 9.1: a draft shipment of a signed contract's lines. The units are taken from the contract lines at once (a
   * conditional UPDATE per line, so two shipments racing for the last units cannot both get them), and the
   * contract's shipped amount follows in the same transaction.
   */
  async create(principal: Principal, input: ShipmentCreate): Promise<ShipmentDetail> {
    const id = await this.d.db.transaction(async (t) => {
      // The contract row is locked first: shipments of one contract change its amount one at a time.
      const contract = await this.d.contracts.findById(input.contractId, scopeFor(principal), t, true);
      if (!contract) throw contractError('合同不存在');
      if (!SHIPPABLE_CONTRACT_STATUSES.includes(contract.status)) {
        throw new AppError(
          'SHIPMENT_CONTRACT_WRONG_STATE',
          contract.status === 'draft' ? '合同尚未签订，不能安排发货' : '合同已完成或已终止，不能安排发货',
        );
      }
      const lines = await this.d.shipments.contractLines(contract.id, t);
      const plan = planShipment(lines, input.items);
      const items = [];
      for (const p of plan.lines) {
        const after = await this.d.shipments.takeQuantity(p.line.id, p.quantity, principal.userId, t);
        if (after === null) {
          const now = await this.d.shipments.shippedQuantity(p.line.id, t);
          throw quantityExceeded(p.index, Math.max(0, p.line.quantity - now));
        }
        items.push({
          contractItemId: p.line.id,
          productId: p.line.productId,
          productCode: p.line.productCode,
          productName: p.line.productName,
          unit: p.line.unit,
          contractQuantity: p.line.quantity,
          ...lineQuantities(p.line.quantity, after, p.quantity),
          unitPrice: p.line.unitPrice,
          subtotal: p.subtotal,
        });
      }
      await this.syncShippedAmount(contract.id, principal.userId, t);
      const year = String(this.d.clock.now().getUTCFullYear());
      const shipmentNo = formatNumber('SHIP', year, await this.d.sequences.next(`shipment:${year}`, t));
      const shipmentId = await this.d.shipments.create(
        {
          shipmentNo,
          shipmentTitle: input.shipmentTitle || `${contract.contractTitle}发货单`,
          contractId: contract.id,
          customerId: contract.customerId,
          shipmentAmount: plan.amount,
          shippingAddress: input.shippingAddress,
          contactPerson: input.contactPerson,
          contactPhone: input.contactPhone,
          plannedShipDate: input.plannedShipDate ?? null,
          notes: input.notes ?? null,
          createdBy: principal.userId,
        },
        items,
        t,
      );
      await this.log(shipmentId, 'create', null, 'draft', input.notes ?? null, principal, t);
      return shipmentId;
    });
    return this.get(principal, id);
  }

  /** 9.4: a draft's own fields. */
  async update(principal: Principal, id: number, input: ShipmentUpdate): Promise<ShipmentDetail> {
    await this.d.db.transaction(async (t) => {
      const s = await this.mustFind(scopeFor(principal), id, t);
      await this.transition(s, 'update', { ...input, updatedBy: principal.userId }, t);
      const changed = Object.keys(input).map((k) => FIELD_LABELS[k as keyof ShipmentUpdate] ?? k);
      await this.log(s.id, 'update', s.status, s.status, `修改${changed.join('、')}`, principal, t);
    });
    return this.get(principal, id);
  }

  /** 9.5: draft/pending → shipped with the carrier; the contract starts executing. */
  async confirm(principal: Principal, id: number, input: ShipmentConfirm): Promise<ShipmentConfirmed> {
    return this.d.db.transaction(async (t) => {
      const s = await this.mustFind(scopeFor(principal), id, t);
      if (!canStart('confirm', s.status)) throw this.wrongState('confirm');
      const actualShipDate = input.actualShipDate ?? chinaToday(this.d.clock.now());
      checkShipDates(chinaToday(this.d.clock.now()), {
        actualShipDate,
        estimatedDeliveryDate: input.estimatedDeliveryDate,
      });
      const trackingNo = input.trackingNo ?? null;
      const shippedAt = this.d.clock.now();
      await this.transition(
        s,
        'confirm',
        {
          status: 'shipped',
          logisticsCompany: input.logisticsCompany,
          trackingNo,
          actualShipDate,
          estimatedDeliveryDate: input.estimatedDeliveryDate ?? null,
          shippedAt,
          shippedBy: principal.userId,
          updatedBy: principal.userId,
        },
        t,
      );
      const contract = await this.d.contracts.findById(s.contractId, { kind: 'all' }, t, true);
      if (!contract || !SHIPPABLE_CONTRACT_STATUSES.includes(contract.status)) {
        throw new AppError('SHIPMENT_CONTRACT_WRONG_STATE', '合同已完成或已终止，不能发货');
      }
      if (contract.status === 'signed') {
        await this.d.contracts.update(contract.id, { status: 'executing', updatedBy: principal.userId }, t, ['signed']);
      }
      await this.log(
        s.id,
        'confirm',
        s.status,
        'shipped',
        carrierText(input.logisticsCompany, trackingNo),
        principal,
        t,
      );
      return {
        shipmentId: s.id,
        status: 'shipped',
        logisticsCompany: COMPANY_NAMES[input.logisticsCompany],
        logisticsCompanyCode: input.logisticsCompany,
        trackingNo,
        actualShipDate,
        estimatedDeliveryDate: input.estimatedDeliveryDate ?? null,
        shippedAt: shippedAt.toISOString(),
      };
    });
  }

  /** 9.6: a new carrier or tracking number, with its reason; the goods are on their way (shipped → in_transit). */
  async updateLogistics(principal: Principal, id: number, input: ShipmentLogistics): Promise<ShipmentDetail> {
    await this.d.db.transaction(async (t) => {
      const s = await this.mustFind(scopeFor(principal), id, t);
      if (!canStart('logistics', s.status)) throw this.wrongState('logistics');
      const estimated = input.estimatedDeliveryDate ?? s.estimatedDeliveryDate;
      if (input.estimatedDeliveryDate && s.actualShipDate && input.estimatedDeliveryDate < s.actualShipDate) {
        throw new AppError('SHIPMENT_DATE_INVALID', '预计到货日期不能早于发货日期', [
          { field: 'estimatedDeliveryDate', message: `不能早于发货日期 ${s.actualShipDate}` },
        ]);
      }
      const trackingNo = input.trackingNo ?? null;
      await this.transition(
        s,
        'logistics',
        {
          status: 'in_transit',
          logisticsCompany: input.logisticsCompany,
          trackingNo,
          estimatedDeliveryDate: estimated,
          updatedBy: principal.userId,
        },
        t,
      );
      const note = `${carrierText(s.logisticsCompany, s.trackingNo)} → ${carrierText(input.logisticsCompany, trackingNo)}：${input.updateReason}`;
      await this.log(s.id, 'logistics', s.status, 'in_transit', note, principal, t);
    });
    return this.get(principal, id);
  }

  /**
   * 9.7: the customer signed for the goods (shipped/in_transit → delivered). A contract whose warranty runs from
   * delivery starts it on the first delivery.
   */
  async sign(principal: Principal, id: number, input: ShipmentSign): Promise<ShipmentSigned> {
    return this.d.db.transaction(async (t) => {
      const s = await this.mustFind(scopeFor(principal), id, t);
      if (!canStart('sign', s.status)) throw this.wrongState('sign');
      const today = chinaToday(this.d.clock.now());
      const actualDeliveryDate = input.actualDeliveryDate ?? today;
      checkDeliveryDate(today, s.actualShipDate, actualDeliveryDate);
      const deliveredAt = this.d.clock.now();
      await this.transition(
        s,
        'sign',
        {
          status: 'delivered',
          actualDeliveryDate,
          signNotes: input.signNotes ?? null,
          deliveredAt,
          deliveredBy: principal.userId,
          updatedBy: principal.userId,
        },
        t,
      );
      const warrantyStarted = await this.d.startWarrantyOnDelivery(
        s.contractId,
        actualDeliveryDate,
        principal.userId,
        t,
      );
      await this.log(s.id, 'sign', s.status, 'delivered', input.signNotes ?? null, principal, t);
      return {
        shipmentId: s.id,
        status: 'delivered',
        actualDeliveryDate,
        deliveredAt: deliveredAt.toISOString(),
        signNotes: input.signNotes ?? null,
        warrantyStarted,
      };
    });
  }

  /** 9.8: a shipment that has not left (draft/pending) is cancelled and gives its units back to the contract. */
  async cancel(principal: Principal, id: number, input: ShipmentCancel): Promise<ShipmentDetail> {
    await this.d.db.transaction(async (t) => {
      const s = await this.mustFind(scopeFor(principal), id, t);
      await this.transition(
        s,
        'cancel',
        {
          status: 'cancelled',
          cancelReason: input.cancelReason,
          cancelledAt: this.d.clock.now(),
          cancelledBy: principal.userId,
          updatedBy: principal.userId,
        },
        t,
      );
      // Lock order as everywhere: shipment, then contract, then its lines.
      await this.d.contracts.findById(s.contractId, { kind: 'all' }, t, true);
      for (const item of await this.d.shipments.items(s.id, t)) {
        const ok = await this.d.shipments.returnQuantity(
          item.contractItemId,
          item.thisShipmentQuantity,
          principal.userId,
          t,
        );
        if (!ok) throw new Error(`contract item ${item.contractItemId} holds less than shipment ${s.id} took`);
      }
      await this.syncShippedAmount(s.contractId, principal.userId, t);
      await this.log(s.id, 'cancel', s.status, 'cancelled', input.cancelReason, principal, t);
    });
    return this.get(principal, id);
  }

  private async mustFind(scope: DataScope, id: number, t?: Transaction): Promise<ShipmentRecord> {
    const s = await this.d.shipments.findById(id, scope, t);
    if (!s) throw new AppError('SHIPMENT_NOT_FOUND');
    return s;
  }

  private wrongState(action: ShipmentAction): AppError {
    return new AppError('SHIPMENT_WRONG_STATE', WRONG_STATE_MESSAGES[action]);
  }

  /** The state check is the UPDATE (`… WHERE status IN (…)`): a concurrent change makes it miss. */
  private async transition(s: ShipmentRecord, action: ShipmentAction, patch: ShipmentPatch, t: Transaction) {
    if (!canStart(action, s.status)) throw this.wrongState(action);
    const ok = await this.d.shipments.update(s.id, patch, SHIPMENT_TRANSITIONS[action], t);
    if (!ok) throw this.wrongState(action);
  }

  /** shippedAmount = Σ shipped quantity × unit price over the contract's lines, read locked, written exactly. */
  private async syncShippedAmount(contractId: number, by: number, t: Transaction): Promise<void> {
    const lines = await this.d.shipments.contractLines(contractId, t);
    await this.d.shipments.setShippedAmount(contractId, shippedAmountOf(lines), by, t);
  }

  private async log(
    shipmentId: number,
    action: ShipmentAction | 'create',
    fromStatus: ShipmentStatus | null,
    toStatus: ShipmentStatus,
    note: string | null,
    principal: Principal,
    t: Transaction,
  ): Promise<void> {
    await this.d.shipments.log(
      { shipmentId, action, fromStatus, toStatus, note, operatorId: principal.userId, createdAt: this.d.clock.now() },
      t,
    );
  }
}
