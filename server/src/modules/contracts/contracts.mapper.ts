import type { ContractActivityRepository } from './contract-activity.repository';
import type {
  Amendment,
  ContractDetail,
  ContractFile,
  ContractItem,
  ContractSummary,
  PaymentStage,
  PaymentStageInput,
} from '@app/shared';
import { formatMoney } from '../../platform/money';
import type { AmendmentRecord } from './contract-amendments.repository';
import type { ContractFileRecord } from './contract-files.repository';
import { executionProgress } from './contract-terms';
import type { PaymentStageRecord, PaymentStageWrite } from './contract-stages.repository';
import type { ContractItemRecord, ContractRecord } from './contracts.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A signed amount with two places ("-1500.00"). */
export function formatSignedMoney(value: string | number): string {
  const text = String(value).trim();
  return text.startsWith('-') ? `-${formatMoney(text.slice(1))}` : formatMoney(value);
}

export interface ContractNames {
  customer: string | null;
  owner: string | null;
  contact?: string | null;
}

export function toContractSummaryDto(r: ContractRecord, names: ContractNames): ContractSummary {
  return {
    contractId: r.id,
    contractNo: r.contractNo,
    contractTitle: r.contractTitle,
    customerId: r.customerId,
    customerName: names.customer,
    ownerId: r.ownerId,
    ownerName: names.owner,
    sourceQuotationId: r.sourceQuotationId,
    status: r.status,
    contractAmount: formatMoney(r.contractAmount),
    signedDate: r.signedDate,
    deliveryDeadline: r.deliveryDeadline,
    shippedAmount: formatMoney(r.shippedAmount),
    receivedAmount: formatMoney(r.receivedAmount),
    invoicedAmount: formatMoney(r.invoicedAmount),
    executionProgress: executionProgress({
      contractAmount: r.contractAmount,
      shipped: r.shippedAmount,
      received: r.receivedAmount,
      invoiced: r.invoicedAmount,
    }),
    createdAt: r.createdAt.toISOString(),
  };
}

export function toPaymentStageDto(s: PaymentStageRecord): PaymentStage {
  return {
    stageId: s.id,
    sortOrder: s.sortOrder,
    stage: s.stageName,
    paymentRatio: Number(formatMoney(s.ratio)),
    paymentAmount: formatMoney(s.amount),
    planDate: s.planDate,
    paymentCondition: s.paymentCondition,
    paidAmount: formatMoney(s.paidAmount),
    settled: s.settled,
    settledAt: iso(s.settledAt),
  };
}

export function toContractItemDto(i: ContractItemRecord): ContractItem {
  return {
    itemId: i.id,
    productId: i.productId,
    productCode: i.productCode,
    productName: i.productName,
    unit: i.unit,
    quantity: i.quantity,
    unitPrice: formatMoney(i.unitPrice),
    subtotal: formatMoney(i.subtotal),
    shippedQuantity: i.shippedQuantity,
  };
}

export function toAmendmentDto(a: AmendmentRecord): Amendment {
  return {
    amendmentId: a.id,
    amendmentNo: a.amendmentNo,
    contractId: a.contractId,
    amendmentTitle: a.amendmentTitle,
    amendmentType: a.amendmentType,
    amendmentContent: a.amendmentContent,
    amountChange: formatSignedMoney(a.amountChange),
    newContractAmount: formatMoney(a.newContractAmount),
    status: a.status,
    signedDate: a.signedDate,
    signedAt: iso(a.signedAt),
    createdAt: a.createdAt.toISOString(),
  };
}

export function toContractFileDto(f: ContractFileRecord): ContractFile {
  return {
    fileId: f.id,
    fileUrl: f.fileUrl,
    fileType: f.fileType,
    fileVersion: f.fileVersion,
    fileName: f.fileName,
    fileSize: f.fileSize,
    uploadedBy: f.uploadedBy,
    uploadedAt: f.createdAt.toISOString(),
  };
}

export type ContractActivity = Awaited<ReturnType<ContractActivityRepository['of']>>;

export interface ContractParts {
  items: ContractItemRecord[];
  stages: PaymentStageRecord[];
  amendments: AmendmentRecord[];
  activity: ContractActivity;
}

export function toContractDetailDto(r: ContractRecord, parts: ContractParts, names: ContractNames): ContractDetail {
  return {
    ...toContractSummaryDto(r, names),
    customerContactId: r.customerContactId,
    contactName: names.contact ?? null,
    signedAt: iso(r.signedAt),
    paymentTerms: parts.stages.map(toPaymentStageDto),
    deliveryTerms: r.deliveryTerms,
    warrantyTerms: {
      warrantyPeriod: r.warrantyPeriod,
      warrantyStartType: r.warrantyStartType,
      warrantyScope: r.warrantyScope,
      warrantyStartDate: r.warrantyStartDate,
      warrantyEndDate: r.warrantyEndDate,
    },
    items: parts.items.map(toContractItemDto),
    shipments: parts.activity.shipments,
    payments: parts.activity.payments,
    invoices: parts.activity.invoices,
    amendments: parts.amendments.map(toAmendmentDto),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** 7.2's stage input as stored rows. */
export function toStageWrite(s: PaymentStageInput): PaymentStageWrite {
  return {
    stageName: s.stage,
    ratio: s.paymentRatio,
    amount: s.paymentAmount,
    planDate: s.planDate,
    paymentCondition: s.paymentCondition ?? null,
  };
}

/** Stored stages back in 7.2's input shape (to re-check them against a new amount). */
export function toStageInput(s: PaymentStageWrite): PaymentStageInput {
  return {
    stage: s.stageName,
    paymentRatio: formatMoney(s.ratio),
    paymentAmount: formatMoney(s.amount),
    planDate: s.planDate,
    ...(s.paymentCondition === null ? {} : { paymentCondition: s.paymentCondition }),
  };
}

/** The planned stages with 7.2's field names: what the JSON column `contracts.paymentTerms` keeps. */
export function stagesSnapshotOf(stages: readonly PaymentStageWrite[]) {
  return stages.map((s) => ({
    stage: s.stageName,
    paymentRatio: Number(formatMoney(s.ratio)),
    paymentAmount: formatMoney(s.amount),
    planDate: s.planDate,
    paymentCondition: s.paymentCondition,
  }));
}

/** The JSON column's text. */
export const stagesSnapshot = (stages: readonly PaymentStageWrite[]): string =>
  JSON.stringify(stagesSnapshotOf(stages));
