import type { Transaction } from 'sequelize';
import type {
  Contact,
  ContactCreate,
  Customer,
  CustomerCreate,
  CustomerCreated,
  CustomerDetail,
  CustomerFilter,
  CustomerStage,
  CustomerUpdate,
  Page,
} from '@app/shared';
import { AppError } from '../../http/app-error';
import { toPage } from '../../http/paging';
import { formatNumber } from '../numbering/number-sequence.repository';
import { scopeFor, type Principal } from '../access/principal';
import { assertOwner, loadForWrite, loadVisible, type LoadOptions } from './customer-access';
import { indexTerms, normalizeName, phoneDigits } from './customer-search-terms';
import type { CrmDeps } from './crm-deps';
import type { CustomerRecord, Reach } from './customers.repository';
import { toContactDto, toCustomerDto, toDuplicateDto, toEventDto, toFollowUpDto } from './customers.mapper';

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** Only the fields a client sent: `undefined` never reaches an UPDATE. */
function definedOnly<T extends object>(value: T): Partial<Defined<T>> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<Defined<T>>;
}

export interface CreateOptions {
  /** Who owns it when `ownerId` is not given: the creator, or the public pool. */
  defaultOwner: 'creator' | 'pool';
  /** Callers without this permission may only own it themselves or leave it in the pool. */
  assignPermission: string;
}

/** 004 §3: customers with contacts, detail with deals and follow-ups, duplicate detection, keyword search. */
export class CustomersService {
  constructor(private readonly d: CrmDeps) {}

  async create(principal: Principal, input: CustomerCreate, o: CreateOptions): Promise<CustomerCreated> {
    const ownerId = await this.ownerForNew(principal, input.ownerId, o);
    const nameKey = normalizeName(input.customerName);
    const phoneKey = input.contactPhone ? phoneDigits(input.contactPhone) || null : null;
    const { confirmDuplicate, ...fields } = input;
    const id = await this.d.db.transaction(async (t) => {
      if (!confirmDuplicate) await this.assertNoDuplicate(nameKey, phoneKey, t);
      const now = this.d.clock.now();
      const year = String(now.getUTCFullYear());
      const customerCode = formatNumber('CUST', year, await this.d.sequences.next(`customer:${year}`, t));
      const newId = await this.d.customers.create(
        {
          ...definedOnly(fields),
          customerName: fields.customerName,
          customerCode,
          ownerId,
          nameKey,
          phoneKey,
          stageUpdatedAt: now,
          createdBy: principal.userId,
        },
        t,
      );
      await this.d.activity.addEvent(
        {
          customerId: newId,
          eventType: 'created',
          fromValue: null,
          toValue: fields.customerStage,
          reasonCode: null,
          reason: null,
          createdBy: principal.userId,
        },
        now,
        t,
      );
      await this.reindex(newId, t);
      return newId;
    });
    const row = await this.d.customers.find(id, { kind: 'all' }, 'visible');
    if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
    return {
      customerId: row.id,
      customerCode: row.customerCode,
      customerName: row.customerName,
      customerStage: row.customerStage as CustomerStage,
      ownerId: row.ownerId,
      createdAt: row.createdAt.toISOString(),
    };
  }

  private async ownerForNew(
    principal: Principal,
    requested: number | null | undefined,
    o: CreateOptions,
  ): Promise<number | null> {
    if (requested === undefined) return o.defaultOwner === 'creator' ? principal.userId : null;
    if (requested !== null && requested !== principal.userId) {
      if (!principal.permissions.has(o.assignPermission))
        throw new AppError('FORBIDDEN', '无权指定其他负责人', { field: 'ownerId' });
      await assertOwner(this.d, requested, 'ownerId');
    }
    return requested;
  }

  /** 409 with the existing records, unless the caller confirms (`confirmDuplicate: true`). */
  async assertNoDuplicate(
    nameKey: string | null,
    phoneKey: string | null,
    t?: Transaction,
    exceptId?: number,
  ): Promise<void> {
    const found = (await this.d.customers.findDuplicates({ nameKey, phoneKey }, t)).filter((r) => r.id !== exceptId);
    if (found.length === 0) return;
    const names = await this.ownerNames(found);
    const duplicates = found.map((r) => toDuplicateDto(r, r.ownerId === null ? null : (names.get(r.ownerId) ?? null)));
    const on = new Set(found.flatMap((r) => r.matchedOn));
    const what = [on.has('name') ? '名称' : null, on.has('phone') ? '电话' : null].filter(Boolean).join('或');
    throw new AppError(
      'CUSTOMER_DUPLICATE',
      `已存在${what}相同的客户：${found[0].customerName}（${found[0].customerCode}）`,
      {
        duplicates,
        hint: '确认仍要创建时，请在请求中加上 confirmDuplicate: true',
      },
    );
  }

  /** Rewrites the keyword index of one customer from its name, phone and contacts. */
  async reindex(customerId: number, t: Transaction): Promise<void> {
    const row = await this.d.customers.find(customerId, { kind: 'all' }, 'visible', t);
    if (!row) return;
    const contacts = await this.d.contacts.listFor(customerId, t);
    const terms = indexTerms(
      [row.customerName, ...contacts.map((c) => c.contactName)],
      [row.contactPhone, ...contacts.map((c) => c.mobile)],
    );
    await this.d.customers.replaceTerms(customerId, terms, t);
  }

  async list(
    principal: Principal,
    query: CustomerFilter & { page: number; pageSize: number },
    reach: Reach,
  ): Promise<Page<Customer>> {
    const { page, pageSize, ...filter } = query;
    const { rows, total } = await this.d.customers.list(scopeFor(principal), reach, filter, { page, pageSize });
    return toPage(await this.toDtos(rows), total, query);
  }

  async toDtos(rows: CustomerRecord[]): Promise<Customer[]> {
    const names = await this.ownerNames(rows);
    return rows.map((r) => toCustomerDto(r, r.ownerId === null ? null : (names.get(r.ownerId) ?? null)));
  }

  private ownerNames(rows: { ownerId: number | null }[]): Promise<Map<number, string>> {
    return this.d.users.displayNames(rows.map((r) => r.ownerId).filter((id): id is number => id !== null));
  }

  async get(principal: Principal, id: number, o: LoadOptions = {}): Promise<Customer> {
    return (await this.toDtos([await loadVisible(this.d, principal, id, o)]))[0];
  }

  /** 004 §3.3: the customer with contacts, quotations, contracts, follow-ups and its history. */
  async detail(principal: Principal, id: number, o: LoadOptions = {}): Promise<CustomerDetail> {
    const row = await loadVisible(this.d, principal, id, o);
    const [customer, contacts, followUps, events, quotations, contracts] = await Promise.all([
      this.toDtos([row]),
      this.d.contacts.listFor(id),
      this.d.activity.followUpsFor(id),
      this.d.activity.eventsFor(id),
      o.leadOnly ? Promise.resolve([]) : this.d.deals.quotationsOf(id),
      o.leadOnly ? Promise.resolve([]) : this.d.deals.contractsOf(id),
    ]);
    const authors = await this.d.users.displayNames(
      followUps.map((f) => f.createdBy).filter((v): v is number => v !== null),
    );
    return {
      customer: customer[0],
      contacts: contacts.map(toContactDto),
      quotations,
      contracts,
      followUps: followUps.map((f) => toFollowUpDto(f, authors)),
      events: events.map(toEventDto),
    };
  }

  /** 004 §3.4 / §5.4. A new name or phone is checked for duplicates like a new customer. */
  async update(principal: Principal, id: number, input: CustomerUpdate, o: LoadOptions = {}): Promise<Customer> {
    const { confirmDuplicate, ...fields } = input;
    await this.d.db.transaction(async (t) => {
      const current = await loadForWrite(this.d, principal, id, t, o);
      const nameKey = fields.customerName ? normalizeName(fields.customerName) : null;
      const phoneKey = fields.contactPhone ? phoneDigits(fields.contactPhone) || null : null;
      const nameChanged = nameKey !== null && nameKey !== normalizeName(current.customerName);
      const phoneChanged = fields.contactPhone !== undefined && fields.contactPhone !== current.contactPhone;
      if (!confirmDuplicate && (nameChanged || (phoneChanged && phoneKey)))
        await this.assertNoDuplicate(nameChanged ? nameKey : null, phoneChanged ? phoneKey : null, t, id);
      await this.d.customers.update(
        id,
        {
          ...definedOnly(fields),
          ...(nameKey !== null ? { nameKey } : {}),
          ...(fields.contactPhone !== undefined ? { phoneKey } : {}),
          updatedBy: principal.userId,
        },
        t,
      );
      if (nameChanged || phoneChanged) await this.reindex(id, t);
    });
    return this.get(principal, id, o);
  }

  /** Soft delete (the row stays for history, e.g. orders that name it). */
  async remove(principal: Principal, id: number): Promise<{ customerId: number }> {
    await this.d.db.transaction(async (t) => {
      await loadForWrite(this.d, principal, id, t);
      await this.d.customers.softDelete(id, principal.userId, t);
    });
    return { customerId: id };
  }

  /** 004 §3.5: at most one primary contact; the first contact of a customer is primary by default. */
  async addContact(principal: Principal, customerId: number, input: ContactCreate): Promise<Contact> {
    return this.d.db.transaction(async (t) => {
      await loadForWrite(this.d, principal, customerId, t);
      const wantsPrimary =
        input.isPrimary === undefined
          ? (await this.d.contacts.countPrimary(customerId, t)) === 0
          : Boolean(input.isPrimary);
      const contact = await this.d.contacts.add(
        {
          customerId,
          contactName: input.contactName,
          position: input.position ?? null,
          mobile: input.mobile ?? null,
          wechat: input.wechat ?? null,
          email: input.email ?? null,
          isPrimary: wantsPrimary,
          description: input.description ?? null,
          createdBy: principal.userId,
        },
        t,
      );
      await this.reindex(customerId, t);
      return toContactDto(contact);
    });
  }
}
