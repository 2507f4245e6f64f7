import type { ContractInvoiceLine, ContractPaymentLine, ContractShipmentLine } from '@app/shared';
import type { Database, RawRow } from '../../db/database';
import { formatMoney } from '../../platform/money';
import { dayOrNull } from '../orders/order-records';

const day = (v: unknown) => dayOrNull((v ?? null) as string | Date | null);
const money = (v: unknown) => formatMoney((v ?? 0) as string | number);

/**
 * What the shipment, payment and invoice modules recorded against a contract, read here (raw, by the contract's
 * indexes) so the contract answers list them without depending on those modules: shipments not cancelled, payments
 * confirmed, invoices not voided (a draft invoice is listed with its status; it counts nowhere until confirmed).
 */
export class ContractActivityRepository {
  constructor(private readonly db: Database) {}

  async of(contractId: number): Promise<{
    shipments: ContractShipmentLine[];
    payments: ContractPaymentLine[];
    invoices: ContractInvoiceLine[];
  }> {
    const [shipments, payments, invoices] = await Promise.all([
      this.db.select(
        'SELECT id, shipmentNo, shipmentAmount, actualShipDate, status FROM shipments ' +
          "WHERE contractId = ? AND status <> 'cancelled' ORDER BY id",
        [contractId],
      ),
      this.db.select(
        'SELECT id, paymentNo, paymentAmount, paymentDate, status FROM payments ' +
          "WHERE contractId = ? AND status = 'confirmed' ORDER BY paymentDate, id",
        [contractId],
      ),
      this.db.select(
        'SELECT id, invoiceNo, invoiceAmount, invoiceDate, status FROM invoices ' +
          "WHERE contractId = ? AND status <> 'voided' ORDER BY id",
        [contractId],
      ),
    ]);
    return {
      shipments: shipments.map((r: RawRow) => ({
        shipmentId: Number(r.id),
        shipmentNo: String(r.shipmentNo),
        shipmentAmount: money(r.shipmentAmount),
        actualShipDate: day(r.actualShipDate),
        status: String(r.status),
      })),
      payments: payments.map((r: RawRow) => ({
        paymentId: Number(r.id),
        paymentNo: String(r.paymentNo),
        paymentAmount: money(r.paymentAmount),
        paymentDate: day(r.paymentDate),
        status: String(r.status),
      })),
      invoices: invoices.map((r: RawRow) => ({
        invoiceId: Number(r.id),
        invoiceNo: r.invoiceNo === null || r.invoiceNo === undefined ? null : String(r.invoiceNo),
        invoiceAmount: money(r.invoiceAmount),
        invoiceDate: day(r.invoiceDate),
        status: String(r.status),
      })),
    };
  }
}
