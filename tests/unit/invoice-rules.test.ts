import { InvoiceConfirmSchema, InvoiceUpdateSchema } from '@app/shared';
import { AppError } from '@app/server/src/http/app-error';
import { assertInvoiceDetails, assertInvoiceFits } from '@app/server/src/modules/invoices/invoice-rules';

function errorOf(fn: () => unknown): AppError | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

describe('invoice rules (004 §11)', () => {
  it('the invoiced total never passes the contract amount, to the cent', () => {
    const contract = { contractAmount: '140000.00', invoicedAmount: '70000.00' };
    expect(errorOf(() => assertInvoiceFits('70000.00', contract))).toBeNull();
    expect(errorOf(() => assertInvoiceFits('70000.01', contract))?.code).toBe('INVOICE_EXCEEDS_CONTRACT');
    expect(errorOf(() => assertInvoiceFits('70000.01', contract))?.status).toBe(422);
    expect(errorOf(() => assertInvoiceFits('0.30', { contractAmount: 0.3, invoicedAmount: 0 }))).toBeNull();
  });

  it('a VAT special invoice names every missing buyer detail; a normal one needs none', () => {
    const err = errorOf(() => assertInvoiceDetails({ invoiceType: 'vat_special', taxNumber: '9144', bankName: '' }));
    expect(err?.code).toBe('VALIDATION_ERROR');
    expect((err?.details as { field: string }[]).map((d) => d.field)).toEqual([
      'companyAddress',
      'companyPhone',
      'bankName',
      'bankAccount',
    ]);
    expect(errorOf(() => assertInvoiceDetails({ invoiceType: 'vat_normal' }))).toBeNull();
    expect(
      errorOf(() =>
        assertInvoiceDetails({
          invoiceType: 'vat_special',
          taxNumber: 'a',
          companyAddress: 'b',
          companyPhone: 'c',
          bankName: 'd',
          bankAccount: 'e',
        }),
      ),
    ).toBeNull();
  });

  it('an edit changes something; a confirm carries an invoice number', () => {
    expect(InvoiceUpdateSchema.safeParse({}).success).toBe(false);
    expect(InvoiceUpdateSchema.parse({ invoiceAmount: 1.5 }).invoiceAmount).toBe('1.50');
    expect(InvoiceConfirmSchema.safeParse({ invoiceNo: '12345678' }).success).toBe(true);
    expect(InvoiceConfirmSchema.safeParse({ invoiceNo: '' }).success).toBe(false);
    expect(InvoiceConfirmSchema.safeParse({ invoiceNo: '=1+1' }).success).toBe(false);
  });
});
