import type { ContractStatus } from '@app/shared';
import type { Database } from '../../db/database';
import type { DataScope } from '../access/principal';
import {
  Conditions,
  FINANCE_CONTRACT_STATUSES,
  contractScopeSql,
  dayOf,
  moneyOf,
  num,
  selectRows,
  strOrNull,
} from './finance-core';

/** Which contracts the statistics count: signed and later, in scope, by customer and signing date. */
export interface ContractSetFilter {
  customerId?: number;
  startDate?: string;
  endDate?: string;
}

export interface CustomerTotals {
  customerId: number;
  customerName: string | null;
  contractAmount: string;
  receivedAmount: string;
  invoicedAmount: string;
}

export interface OpenStage {
  stageId: number;
  stageName: string;
  amount: string;
  paidAmount: string;
  planDate: string;
  contractId: number;
  contractNo: string;
  customerId: number;
  customerName: string | null;
}

const statusList = (statuses: readonly ContractStatus[]) => statuses.map((s) => `'${s}'`).join(', ');

/** The contract-side figures of 10.6, 10.7 and 11.7, summed by the database per customer. */
export class ReceivablesRepository {
  constructor(private readonly db: Database) {}

  private contractSet(f: ContractSetFilter, scope: DataScope): Conditions {
    const where = new Conditions().add(
      `c.deletedAt IS NULL AND c.status IN (${statusList(FINANCE_CONTRACT_STATUSES)})`,
    );
    const s = contractScopeSql(scope);
    where.add(s.sql, ...s.params);
    if (f.customerId !== undefined) where.add('c.customerId = ?', f.customerId);
    if (f.startDate) where.add('c.signedDate >= ?', f.startDate);
    if (f.endDate) where.add('c.signedDate <= ?', f.endDate);
    return where;
  }

  async byCustomer(f: ContractSetFilter, scope: DataScope): Promise<CustomerTotals[]> {
    const where = this.contractSet(f, scope);
    const rows = await selectRows(
      this.db,
      'SELECT c.customerId AS customerId, MAX(cu.customerName) AS customerName,' +
        ' ROUND(SUM(c.contractAmount), 2) AS contractAmount, ROUND(SUM(c.receivedAmount), 2) AS receivedAmount,' +
        ' ROUND(SUM(c.invoicedAmount), 2) AS invoicedAmount' +
        ' FROM contracts c LEFT JOIN customers cu ON cu.id = c.customerId' +
        ` WHERE ${where.sql} GROUP BY c.customerId ORDER BY c.customerId`,
      where.params,
    );
    return rows.map((r) => ({
      customerId: num(r.customerId),
      customerName: strOrNull(r.customerName),
      contractAmount: moneyOf(r.contractAmount),
      receivedAmount: moneyOf(r.receivedAmount),
      invoicedAmount: moneyOf(r.invoicedAmount),
    }));
  }

  /** Unsettled payment stages planned before `today` of the contract set, oldest plan first. */
  async overdueStages(f: ContractSetFilter, scope: DataScope, today: string): Promise<OpenStage[]> {
    const where = this.contractSet(f, scope).add('s.settled = 0 AND s.planDate < ?', today);
    const rows = await selectRows(
      this.db,
      'SELECT s.id AS stageId, s.stageName AS stageName, s.amount AS amount, s.paidAmount AS paidAmount,' +
        ' s.planDate AS planDate, c.id AS contractId, c.contractNo AS contractNo, c.customerId AS customerId,' +
        ' cu.customerName AS customerName' +
        ' FROM contract_payment_stages s JOIN contracts c ON c.id = s.contractId' +
        ' LEFT JOIN customers cu ON cu.id = c.customerId' +
        ` WHERE ${where.sql} ORDER BY s.planDate ASC, s.id ASC`,
      where.params,
    );
    return rows.map((r) => ({
      stageId: num(r.stageId),
      stageName: String(r.stageName),
      amount: moneyOf(r.amount),
      paidAmount: moneyOf(r.paidAmount),
      planDate: dayOf(r.planDate),
      contractId: num(r.contractId),
      contractNo: String(r.contractNo),
      customerId: num(r.customerId),
      customerName: strOrNull(r.customerName),
    }));
  }

  /** Confirmed invoices of the contract set, summed per invoice type and per month of the invoice date. */
  async invoiceTotals(
    f: ContractSetFilter,
    scope: DataScope,
  ): Promise<{ invoiceType: string; month: string; amount: string; count: number }[]> {
    const where = this.contractSet(f, scope).add("i.status = 'confirmed'");
    const month =
      this.db.dialect === 'sqlite' ? "strftime('%Y-%m', i.invoiceDate)" : "DATE_FORMAT(i.invoiceDate, '%Y-%m')";
    const rows = await selectRows(
      this.db,
      `SELECT i.invoiceType AS invoiceType, ${month} AS month, ROUND(SUM(i.invoiceAmount), 2) AS amount,` +
        ' COUNT(*) AS n FROM invoices i JOIN contracts c ON c.id = i.contractId' +
        ` WHERE ${where.sql} GROUP BY i.invoiceType, ${month} ORDER BY month, i.invoiceType`,
      where.params,
    );
    return rows.map((r) => ({
      invoiceType: String(r.invoiceType),
      month: String(r.month),
      amount: moneyOf(r.amount),
      count: num(r.n),
    }));
  }
}
