import { Op, type Transaction } from 'sequelize';
import { QuotationItemModel } from '../../db/models';
import type { QuotationItemRecord, QuotationItemWrite } from './quotation-records';

function toRecord(m: QuotationItemModel): QuotationItemRecord {
  const r = m.get({ plain: true });
  return {
    id: Number(r.id),
    quotationId: Number(r.quotationId),
    productId: Number(r.productId),
    productCode: r.productCode,
    productName: r.productName,
    unit: r.unit,
    quantity: Number(r.quantity),
    standardPrice: r.standardPrice,
    actualPrice: r.actualPrice,
    discountAmount: r.discountAmount,
    discountRate: r.discountRate,
    subtotal: r.subtotal,
    itemNote: r.itemNote,
    sortOrder: Number(r.sortOrder),
  };
}

/** Quotation lines. A removed line is soft-deleted (kept for the record) and no longer counts anywhere. */
export class QuotationItemsRepository {
  async listFor(quotationId: number, t?: Transaction): Promise<QuotationItemRecord[]> {
    const rows = await QuotationItemModel.findAll({
      where: { quotationId },
      order: [
        ['sortOrder', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction: t,
    });
    return rows.map(toRecord);
  }

  /** Appends lines after the current last one. */
  async insert(quotationId: number, items: readonly QuotationItemWrite[], by: number, t: Transaction): Promise<void> {
    if (items.length === 0) return;
    const last: number | null = await QuotationItemModel.max('sortOrder', {
      where: { quotationId },
      paranoid: false,
      transaction: t,
    });
    const start = last === null ? 1 : Number(last) + 1;
    await QuotationItemModel.bulkCreate(
      items.map((item, i) => ({
        ...item,
        quotationId,
        sortOrder: start + i,
        createdBy: by,
        updatedBy: by,
        deletedAt: null,
      })),
      { transaction: t },
    );
  }

  /** Soft-deletes one line of the quotation; false when it is not (or no longer) there. */
  async remove(quotationId: number, itemId: number, by: number, at: Date, t: Transaction): Promise<boolean> {
    const [count] = await QuotationItemModel.update(
      { deletedAt: at, updatedBy: by },
      { where: { id: itemId, quotationId }, transaction: t },
    );
    return count === 1;
  }

  /** Soft-deletes every current line (6.4: `items` replaces the list). */
  async removeAll(quotationId: number, by: number, at: Date, t: Transaction): Promise<void> {
    await QuotationItemModel.update(
      { deletedAt: at, updatedBy: by },
      { where: { quotationId, deletedAt: { [Op.is]: null } }, transaction: t },
    );
  }
}
