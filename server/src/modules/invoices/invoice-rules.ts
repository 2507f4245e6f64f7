import { VAT_SPECIAL_FIELDS, type InvoiceType } from '@app/shared';
import { AppError } from '../../http/app-error';
import { fromCents, toCents } from '../../platform/money';
import { balanceCents } from '../payments/finance-core';

const FIELD_NAMES: Record<(typeof VAT_SPECIAL_FIELDS)[number], string> = {
  taxNumber: '纳税人识别号',
  companyAddress: '地址',
  companyPhone: '电话',
  bankName: '开户行',
  bankAccount: '银行账号',
};

/** A VAT special invoice carries the buyer's tax number, address, phone, bank and account: 400 naming each missing one. */
export function assertInvoiceDetails(
  invoice: { invoiceType: InvoiceType } & Partial<Record<(typeof VAT_SPECIAL_FIELDS)[number], string | null>>,
): void {
  if (invoice.invoiceType !== 'vat_special') return;
  const missing = VAT_SPECIAL_FIELDS.filter((f) => !invoice[f]);
  if (missing.length === 0) return;
  const details = missing.map((field) => ({ field, message: `增值税专用发票须填写${FIELD_NAMES[field]}` }));
  throw new AppError('VALIDATION_ERROR', details[0].message, details);
}

/**
 * The invoiced total never passes the contract amount: an invoice must fit what is not yet invoiced (confirmed
 * invoices count). Checked on create and edit; confirming enforces it again, atomically.
 */
export function assertInvoiceFits(
  amount: string,
  contract: { contractAmount: string | number; invoicedAmount: string | number },
): void {
  const cents = toCents(amount);
  const open = balanceCents(contract.contractAmount, contract.invoicedAmount);
  if (cents > open) {
    throw new AppError(
      'INVOICE_EXCEEDS_CONTRACT',
      `开票金额 ${fromCents(cents)} 超过合同未开票金额 ${fromCents(open)}（合同金额 ${fromCents(toCents(contract.contractAmount))}）`,
    );
  }
}
