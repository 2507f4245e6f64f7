import type { Transaction } from 'sequelize';
import type { QuotationItemInput } from '@app/shared';
import { AppError } from '../../http/app-error';
import { fromCents, toCents } from '../../platform/money';
import type { ProductsRepository } from '../products/products.repository';
import { priceLine, rateToDecimal, totalsOf, type QuotationTotals } from './quotation-pricing';
import type { QuotationItemRecord, QuotationItemWrite } from './quotation-records';
import type { QuotationItemsRepository } from './quotation-items.repository';
import type { QuotationsRepository } from './quotations.repository';

/** The largest document total: 10^12 yuan (DECIMAL(16,2) holds more; SQLite's REAL stays exact below this). */
export const MAX_TOTAL_CENTS = 10n ** 14n;

const problem = (
  code: 'PRODUCT_INVALID' | 'PRODUCT_NOT_AVAILABLE' | 'PRICE_ABOVE_STANDARD',
  field: string,
  message: string,
) => new AppError(code, message, [{ field, message }]);

/**
 * Turns requested lines into stored lines: the product must exist and be on sale; its code, name and unit are
 * copied (a later product edit does not change a sent quotation); money is computed exactly, server-side.
 */
export class QuotationLines {
  constructor(
    private readonly products: ProductsRepository,
    private readonly items: QuotationItemsRepository,
    private readonly quotations: QuotationsRepository,
  ) {}

  /** `field` names the input in errors: `items.2` for a list, `` for a single line. */
  async build(inputs: readonly QuotationItemInput[], t: Transaction, field = 'items'): Promise<QuotationItemWrite[]> {
    const out: QuotationItemWrite[] = [];
    for (const [i, input] of inputs.entries()) {
      out.push(await this.buildOne(input, t, field === '' ? '' : `${field}.${i}.`));
    }
    assertWithinLimit(totalsOf(out.map(linePrice)), field);
    return out;
  }

  async buildOne(input: QuotationItemInput, t: Transaction, prefix = ''): Promise<QuotationItemWrite> {
    const product = await this.products.findById(input.productId, t);
    if (!product) throw problem('PRODUCT_INVALID', `${prefix}productId`, `产品不存在：${input.productId}`);
    if (product.status !== 'active') {
      throw problem('PRODUCT_NOT_AVAILABLE', `${prefix}productId`, `产品未上架，不能报价：${product.productCode}`);
    }
    const standardPrice = input.standardPrice ?? fromCents(toCents(product.salePrice));
    const line = priceLine({ standardPrice, actualPrice: input.actualPrice, quantity: input.quantity });
    if (line.discountAmount < 0n) {
      throw problem(
        'PRICE_ABOVE_STANDARD',
        `${prefix}actualPrice`,
        `成交价 ${input.actualPrice} 高于标准价 ${standardPrice}`,
      );
    }
    assertWithinLimit(totalsOf([line]), `${prefix}quantity`);
    return {
      productId: product.id,
      productCode: product.productCode,
      productName: product.productName,
      unit: product.unit,
      quantity: input.quantity,
      standardPrice: fromCents(line.standardPrice),
      actualPrice: fromCents(line.actualPrice),
      discountAmount: fromCents(line.discountAmount),
      discountRate: rateToDecimal(line.discountRateBp),
      subtotal: fromCents(line.subtotal),
      itemNote: input.itemNote ?? null,
    };
  }

  /** Re-adds the quotation's totals from its current (not deleted) lines, inside the caller's transaction. */
  async recompute(quotationId: number, by: number, t: Transaction): Promise<QuotationTotals> {
    const totals = totalsOf((await this.items.listFor(quotationId, t)).map(linePrice));
    assertWithinLimit(totals);
    await this.quotations.update(
      quotationId,
      {
        standardTotal: fromCents(totals.standardTotal),
        totalAmount: fromCents(totals.totalAmount),
        discountTotal: fromCents(totals.discountTotal),
        updatedBy: by,
      },
      t,
    );
    return totals;
  }
}

/** A stored line's money back in cents. */
function linePrice(item: Pick<QuotationItemRecord, 'standardPrice' | 'quantity' | 'subtotal'>) {
  return { standardPrice: toCents(item.standardPrice), quantity: item.quantity, subtotal: toCents(item.subtotal) };
}

function assertWithinLimit(totals: QuotationTotals, field = 'items'): void {
  if (totals.standardTotal >= MAX_TOTAL_CENTS) {
    const message = `报价单金额超出上限（须小于 ${fromCents(MAX_TOTAL_CENTS)}）`;
    throw new AppError('AMOUNT_TOO_LARGE', message, [{ field, message }]);
  }
}
