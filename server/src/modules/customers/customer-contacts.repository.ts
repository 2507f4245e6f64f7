import { Op, type Transaction } from 'sequelize';
import { CustomerContactModel } from '../../db/models';

export interface ContactRecord {
  id: number;
  customerId: number;
  contactName: string;
  position: string | null;
  mobile: string | null;
  wechat: string | null;
  email: string | null;
  isPrimary: boolean;
  description: string | null;
  createdAt: Date;
}

export type ContactWrite = Omit<ContactRecord, 'id' | 'createdAt'>;

function toRecord(m: CustomerContactModel): ContactRecord {
  return {
    id: Number(m.id),
    customerId: Number(m.customerId),
    contactName: m.contactName,
    position: m.position,
    mobile: m.mobile,
    wechat: m.wechat,
    email: m.email,
    isPrimary: Boolean(m.isPrimary),
    description: m.description,
    createdAt: m.createdAt,
  };
}

/** 004 §3.5: a customer's contacts, at most one of them primary. */
export class CustomerContactsRepository {
  async listFor(customerId: number, t?: Transaction): Promise<ContactRecord[]> {
    const rows = await CustomerContactModel.findAll({
      where: { customerId },
      order: [
        ['isPrimary', 'DESC'],
        ['id', 'ASC'],
      ],
      transaction: t,
    });
    return rows.map(toRecord);
  }

  /** Adds a contact; a primary one takes the flag from the others, inside the caller's transaction. */
  async add(data: ContactWrite & { createdBy: number }, t: Transaction): Promise<ContactRecord> {
    if (data.isPrimary)
      await CustomerContactModel.update(
        { isPrimary: false },
        { where: { customerId: data.customerId, isPrimary: true }, transaction: t },
      );
    const row = await CustomerContactModel.create(
      { ...data, updatedBy: data.createdBy, deletedAt: null },
      { transaction: t },
    );
    return toRecord(row);
  }

  async countPrimary(customerId: number, t?: Transaction): Promise<number> {
    return CustomerContactModel.count({ where: { customerId, isPrimary: { [Op.eq]: true } }, transaction: t });
  }
}
