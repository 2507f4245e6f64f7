import { AppError } from '../../http/app-error';
import { fromCents, toCents } from '../../platform/money';
import type { PaymentStageRecord } from '../contracts/contract-stages.repository';
import { balanceCents } from './finance-core';

const stageError = (field: string, message: string) =>
  new AppError('PAYMENT_STAGE_INVALID', message, [{ field, message }]);

/**
 * The payment stage a new payment settles: by `stageId`, or by name (`paymentStage`, as 004 sends it; of several
 * stages with that name the first unsettled one). Neither given: no stage. A name or id of no stage of this
 * contract, or an id whose stage has another name, is 400.
 */
export function resolveStage(
  stages: readonly PaymentStageRecord[],
  stageId: number | undefined,
  name: string | undefined,
): PaymentStageRecord | null {
  if (stageId !== undefined) {
    const stage = stages.find((s) => s.id === stageId);
    if (!stage) throw stageError('stageId', `付款阶段不属于该合同：${stageId}`);
    if (name !== undefined && name !== stage.stageName) {
      throw stageError('paymentStage', `付款阶段名称与 stageId 不一致：${name}`);
    }
    return stage;
  }
  if (name === undefined) return null;
  const named = stages.filter((s) => s.stageName === name);
  if (named.length === 0) throw stageError('paymentStage', `合同中没有该付款阶段：${name}`);
  return named.find((s) => !s.settled) ?? named[0];
}

/**
 * A payment must fit what is still to be received: the contract's amount less what was received, and for a stage
 * that stage's amount less what was paid on it (422 otherwise). Checked when a payment is registered and enforced
 * again, atomically, when it is confirmed.
 */
export function assertPaymentFits(
  amount: string,
  contract: { contractAmount: string | number; receivedAmount: string | number },
  stage: Pick<PaymentStageRecord, 'amount' | 'paidAmount'> | null,
): void {
  const cents = toCents(amount);
  const open = balanceCents(contract.contractAmount, contract.receivedAmount);
  if (cents > open) {
    throw new AppError('PAYMENT_EXCEEDS_CONTRACT', `收款金额 ${fromCents(cents)} 超过合同未收金额 ${fromCents(open)}`);
  }
  if (stage) {
    const left = balanceCents(stage.amount, stage.paidAmount);
    if (cents > left) {
      throw new AppError('PAYMENT_EXCEEDS_STAGE', `收款金额 ${fromCents(cents)} 超过该阶段未收余额 ${fromCents(left)}`);
    }
  }
}

/** 10.3's stage figures: paid, balance (amount − paid, not below zero) and settled as 1/0. */
export function stageFigures(stage: { amount: string; paidAmount: string; settled: boolean } | null): {
  stagePaidAmount: string | null;
  stageBalanceAmount: string | null;
  isStageSettled: 0 | 1 | null;
} {
  if (!stage) return { stagePaidAmount: null, stageBalanceAmount: null, isStageSettled: null };
  return {
    stagePaidAmount: fromCents(toCents(stage.paidAmount)),
    stageBalanceAmount: fromCents(balanceCents(stage.amount, stage.paidAmount)),
    isStageSettled: stage.settled ? 1 : 0,
  };
}
