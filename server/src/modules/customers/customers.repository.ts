import { Op, type Transaction } from 'sequelize';
import { CustomerModel } from '../../db/models';
import { scopeWhere } from '../../db/scope-where';
import type { DataScope } from '../access/principal';

/** The customer fields that WeChat binding and invite codes need; the CRM module completes the rest. */
export interface CustomerRef {
  id: number;
  customerCode: string;
  customerName: string;
  ownerId: number | null;
}

export class CustomersRepository {
  /** A customer the scope may see (sales: their own; a bound WeChat user: its company), else null. */
  async findRef(id: number, scope: DataScope = { kind: 'all' }, t?: Transaction): Promise<CustomerRef | null> {
    const where = { [Op.and]: [{ id }, scopeWhere(scope, { owner: 'ownerId', self: { company: 'id' } })] };
    const row = await CustomerModel.findOne({ where, transaction: t, raw: true });
    return row
      ? {
          id: Number(row.id),
          customerCode: row.customerCode,
          customerName: row.customerName,
          ownerId: row.ownerId === null ? null : Number(row.ownerId),
        }
      : null;
  }

  async create(
    data: {
      customerCode: string;
      customerName: string;
      customerStage: string;
      ownerId: number | null;
      createdBy: number | null;
    },
    t: Transaction,
  ): Promise<number> {
    const row = await CustomerModel.create(
      { ...data, contactPhone: null, updatedBy: data.createdBy, deletedAt: null },
      { transaction: t },
    );
    return Number(row.id);
  }
}
