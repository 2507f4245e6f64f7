import type { Payment } from '@app/shared';
import { isoOrNull } from './finance-core';
import { stageFigures } from './payment-rules';
import type { PaymentRecord } from './payments.repository';

export function toPaymentDto(r: PaymentRecord): Payment {
  return {
    paymentId: r.id,
    paymentNo: r.paymentNo,
    contractId: r.contractId,
    contractNo: r.contractNo,
    customerId: r.customerId,
    customerName: r.customerName,
    stageId: r.stageId,
    paymentStage: r.paymentStage,
    paymentAmount: r.paymentAmount,
    paymentDate: r.paymentDate,
    paymentMethod: r.paymentMethod,
    bankAccount: r.bankAccount,
    transactionNo: r.transactionNo,
    payerName: r.payerName,
    expectedAmount: r.expectedAmount,
    paymentNote: r.paymentNote,
    ...stageFigures(r.stage),
    status: r.status,
    confirmDate: isoOrNull(r.confirmedAt),
    confirmNote: r.confirmNote,
    voidReason: r.voidReason,
    voidedAt: isoOrNull(r.voidedAt),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
