import type { Transaction } from 'sequelize';
import type {
  ContractCreate,
  ContractDetail,
  ContractItemInput,
  ContractListQuery,
  ContractProgress,
  ContractSummary,
  ContractUpdate,
  Page,
  PaymentStageInput,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import { formatMoney, fromCents, toCents } from '../../platform/money';
import { scopeFor, type Principal } from '../access/principal';
import { formatNumber } from '../numbering/number-sequence.repository';
import { checkPaymentStages, executionProgress, itemsTotal, progressPercent } from './contract-terms';
import { mustFindContract, type ContractsDeps } from './contracts-deps';
import {
  stagesSnapshot,
  stagesSnapshotOf,
  toContractDetailDto,
  toContractSummaryDto,
  toStageInput,
  toStageWrite,
} from './contracts.mapper';
import {
  DuplicateSourceQuotationError,
  type ContractItemWrite,
  type ContractPatch,
  type ContractRecord,
} from './contracts.repository';

const fieldError = (code: 'CONTRACT_CUSTOMER_INVALID' | 'CONTRACT_QUOTATION_INVALID', field: string, message: string) =>
  new AppError(code, message, [{ field, message }]);

/** 400 PAYMENT_TERMS_INVALID naming every problem, when the stages do not add up to the amount and to 100 %. */
function assertStages(stages: readonly PaymentStageInput[], amount: string): void {
  const problems = checkPaymentStages(stages, amount);
  if (problems.length > 0) throw new AppError('PAYMENT_TERMS_INVALID', problems[0].message, problems);
}

/** 400 CONTRACT_AMOUNT_MISMATCH when the items (if any) do not add up to the amount. */
function assertItemsTotal(items: readonly { unitPrice: string; quantity: number }[], amount: string): void {
  if (items.length === 0) return;
  const total = itemsTotal(items);
  if (total !== toCents(amount)) {
    const message = `合同产品金额之和 ${fromCents(total)} 须等于合同金额 ${formatMoney(amount)}`;
    throw new AppError('CONTRACT_AMOUNT_MISMATCH', message, [{ field: 'contractAmount', message }]);
  }
}

/** 004 §7.1-7.4 and 7.11: create, list, read, edit drafts, and the execution progress. */
export class ContractRecordsService {
  constructor(private readonly d: ContractsDeps) {}

  async create(principal: Principal, input: ContractCreate): Promise<ContractDetail> {
    const scope = scopeFor(principal);
    const by = principal.userId;
    const id = await this.d.db.transaction(async (t) => {
      const customer = await this.d.customers.findRef(input.customerId, scope, t);
      if (!customer) {
        throw fieldError('CONTRACT_CUSTOMER_INVALID', 'customerId', `客户不存在：${input.customerId}`);
      }
      if (input.customerContactId !== undefined) await this.assertContact(customer.id, input.customerContactId, t);
      if (input.sourceQuotationId !== undefined) {
        const q = await this.d.quotationRef(input.sourceQuotationId, scope, t);
        if (!q || q.customerId !== customer.id || q.status !== 'accepted') {
          throw fieldError('CONTRACT_QUOTATION_INVALID', 'sourceQuotationId', '来源报价单须为该客户已接受的报价单');
        }
      }
      const items = await this.buildItems(input.items, t);
      assertItemsTotal(input.items, input.contractAmount);
      assertStages(input.paymentTerms, input.contractAmount);
      const stages = input.paymentTerms.map(toStageWrite);
      const year = String(this.d.clock.now().getUTCFullYear());
      const contractNo = formatNumber('CONT', year, await this.d.sequences.next(`contract:${year}`, t));
      const created = await this.d.contracts
        .create(
          {
            contractNo,
            contractTitle: input.contractTitle,
            customerId: customer.id,
            customerContactId: input.customerContactId ?? null,
            sourceQuotationId: input.sourceQuotationId ?? null,
            // The contract follows whoever looks after the customer (the caller for a customer without owner).
            ownerId: customer.ownerId ?? by,
            contractAmount: input.contractAmount,
            signedDate: input.signedDate ?? null,
            deliveryDeadline: input.deliveryDeadline ?? null,
            deliveryTerms: input.deliveryTerms ?? null,
            paymentTerms: stagesSnapshotOf(stages),
            warrantyPeriod: input.warrantyTerms?.warrantyPeriod ?? null,
            warrantyStartType: input.warrantyTerms?.warrantyStartType ?? null,
            warrantyScope: input.warrantyTerms?.warrantyScope ?? null,
            status: 'draft',
            createdBy: by,
          },
          items,
          t,
        )
        .catch((err: unknown) => {
          if (err instanceof DuplicateSourceQuotationError) throw new AppError('CONTRACT_ALREADY_EXISTS');
          throw err;
        });
      await this.d.stages.replace(created.id, stages, t);
      return created.id;
    });
    return this.get(principal, id);
  }

  /** 7.4: drafts only; a signed contract changes through amendments. Lists given replace the stored ones. */
  async update(principal: Principal, id: number, input: ContractUpdate): Promise<ContractDetail> {
    await this.d.db.transaction(async (t) => {
      const c = await mustFindContract(this.d, id, scopeFor(principal), t, true);
      if (c.status !== 'draft') throw new AppError('CONTRACT_NOT_EDITABLE');
      const amount = input.contractAmount ?? formatMoney(c.contractAmount);
      if (input.customerContactId) await this.assertContact(c.customerId, input.customerContactId, t);
      const items = input.items ? await this.buildItems(input.items, t) : null;
      assertItemsTotal(items ?? (await this.d.contracts.items(c.id, t)), amount);
      const stages = input.paymentTerms ?? (await this.d.stages.listFor(c.id, t)).map(toStageInput);
      assertStages(stages, amount);
      this.assertDates(c, input);
      const patch: ContractPatch = { ...this.patchOf(input), updatedBy: principal.userId };
      if (input.paymentTerms) patch.paymentTerms = stagesSnapshot(input.paymentTerms.map(toStageWrite));
      if (!(await this.d.contracts.update(c.id, patch, t, ['draft']))) throw new AppError('CONTRACT_NOT_EDITABLE');
      if (items) await this.d.contracts.replaceItems(c.id, items, principal.userId, t);
      if (input.paymentTerms) await this.d.stages.replace(c.id, input.paymentTerms.map(toStageWrite), t);
    });
    return this.get(principal, id);
  }

  private patchOf(input: ContractUpdate): Omit<ContractPatch, 'updatedBy'> {
    const patch: Omit<ContractPatch, 'updatedBy'> = {};
    if (input.contractTitle !== undefined) patch.contractTitle = input.contractTitle;
    if (input.customerContactId !== undefined) patch.customerContactId = input.customerContactId;
    if (input.contractAmount !== undefined) patch.contractAmount = input.contractAmount;
    if (input.signedDate !== undefined) patch.signedDate = input.signedDate;
    if (input.deliveryDeadline !== undefined) patch.deliveryDeadline = input.deliveryDeadline;
    if (input.deliveryTerms !== undefined) patch.deliveryTerms = input.deliveryTerms;
    if (input.warrantyTerms !== undefined) {
      patch.warrantyPeriod = input.warrantyTerms?.warrantyPeriod ?? null;
      patch.warrantyStartType = input.warrantyTerms?.warrantyStartType ?? null;
      patch.warrantyScope = input.warrantyTerms?.warrantyScope ?? null;
    }
    return patch;
  }

  /** The delivery deadline may not come before the signed date, whichever of the two changes. */
  private assertDates(c: ContractRecord, input: ContractUpdate): void {
    const signed = input.signedDate === undefined ? c.signedDate : input.signedDate;
    const deadline = input.deliveryDeadline === undefined ? c.deliveryDeadline : input.deliveryDeadline;
    if (signed && deadline && deadline < signed) {
      const message = '交货期限不能早于签订日期';
      throw new AppError('VALIDATION_ERROR', `请求参数错误：deliveryDeadline ${message}`, [
        { field: 'deliveryDeadline', message },
      ]);
    }
  }

  /** Lines with the product's code, name and unit copied (a later product edit does not change a contract). */
  private async buildItems(inputs: readonly ContractItemInput[], t: Transaction): Promise<ContractItemWrite[]> {
    const out: ContractItemWrite[] = [];
    for (const [i, input] of inputs.entries()) {
      const product = await this.d.products.findById(input.productId, t);
      if (!product) {
        const message = `产品不存在：${input.productId}`;
        throw new AppError('PRODUCT_INVALID', message, [{ field: `items.${i}.productId`, message }]);
      }
      out.push({
        productId: product.id,
        productCode: product.productCode,
        productName: product.productName,
        unit: product.unit,
        quantity: input.quantity,
        unitPrice: input.unitPrice,
        subtotal: fromCents(toCents(input.unitPrice) * BigInt(input.quantity)),
      });
    }
    return out;
  }

  private async assertContact(customerId: number, contactId: number, t: Transaction): Promise<void> {
    if (!(await this.d.customers.findContact(customerId, contactId, t))) {
      throw new AppError('CONTACT_NOT_FOUND', `联系人不存在或不属于该客户：${contactId}`, [
        { field: 'customerContactId', message: '联系人不存在或不属于该客户' },
      ]);
    }
  }

  async list(principal: Principal, query: ContractListQuery): Promise<Page<ContractSummary>> {
    const { rows, total } = await this.d.contracts.list(query, scopeFor(principal));
    const [customers, owners] = await Promise.all([
      this.d.contracts.customerNames(rows.map((r) => r.customerId)),
      this.d.users.displayNames(rows.flatMap((r) => (r.ownerId === null ? [] : [r.ownerId]))),
    ]);
    const list = rows.map((r) =>
      toContractSummaryDto(r, {
        customer: customers.get(r.customerId) ?? null,
        owner: r.ownerId === null ? null : (owners.get(r.ownerId) ?? null),
      }),
    );
    return toPage(list, total, query);
  }

  async get(principal: Principal, id: number): Promise<ContractDetail> {
    const c = await mustFindContract(this.d, id, scopeFor(principal));
    const [items, stages, amendments, activity, customers, owners, contact] = await Promise.all([
      this.d.contracts.items(c.id),
      this.d.stages.listFor(c.id),
      this.d.amendments.listFor(c.id),
      this.d.activity.of(c.id),
      this.d.contracts.customerNames([c.customerId]),
      this.d.users.displayNames(c.ownerId === null ? [] : [c.ownerId]),
      c.customerContactId === null ? null : this.d.customers.findContact(c.customerId, c.customerContactId),
    ]);
    return toContractDetailDto(
      c,
      { items, stages, amendments, activity },
      {
        customer: customers.get(c.customerId) ?? null,
        owner: c.ownerId === null ? null : (owners.get(c.ownerId) ?? null),
        contact: contact?.contactName ?? null,
      },
    );
  }

  /** 7.11: shares of the amount shipped, received and invoiced (the contract's columns), and of the items shipped. */
  async progress(principal: Principal, id: number): Promise<ContractProgress> {
    const c = await mustFindContract(this.d, id, scopeFor(principal));
    const [items, activity] = await Promise.all([this.d.contracts.items(c.id), this.d.activity.of(c.id)]);
    const total = toCents(c.contractAmount);
    const share = (v: string | number) => progressPercent(toCents(v), total);
    const quantity = items.reduce((s, i) => s + i.quantity, 0);
    const shipped = items.reduce((s, i) => s + Math.min(i.shippedQuantity, i.quantity), 0);
    return {
      contractId: c.id,
      contractAmount: formatMoney(c.contractAmount),
      shippedAmount: formatMoney(c.shippedAmount),
      shippedProgress: share(c.shippedAmount),
      receivedAmount: formatMoney(c.receivedAmount),
      receivedProgress: share(c.receivedAmount),
      invoicedAmount: formatMoney(c.invoicedAmount),
      invoicedProgress: share(c.invoicedAmount),
      executionProgress: executionProgress({
        contractAmount: c.contractAmount,
        shipped: c.shippedAmount,
        received: c.receivedAmount,
        invoiced: c.invoicedAmount,
      }),
      totalQuantity: quantity,
      shippedQuantity: shipped,
      quantityProgress: progressPercent(BigInt(shipped), BigInt(quantity)),
      items: items.map((i) => ({
        itemId: i.id,
        productId: i.productId,
        productName: i.productName,
        quantity: i.quantity,
        shippedQuantity: i.shippedQuantity,
        shippedProgress: progressPercent(BigInt(i.shippedQuantity), BigInt(i.quantity)),
      })),
      // 7.11 lists what was shipped and received (its example's fields, with ids and statuses besides).
      shipments: activity.shipments,
      payments: activity.payments,
    };
  }
}
