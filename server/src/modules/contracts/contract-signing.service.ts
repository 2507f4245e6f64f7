import type { Transaction } from 'sequelize';
import type { Amendment, AmendmentCreate, ContractSign, ContractSigned } from '@app/shared';
import { AppError } from '../../http/app-error';
import { formatMoney, fromCents, toCents } from '../../platform/money';
import { scopeFor, type Principal } from '../access/principal';
import { formatNumber } from '../numbering/number-sequence.repository';
import { AMENDABLE } from './contract-amendments.repository';
import type { ContractFilesService } from './contract-files.service';
import { checkPaymentStages, rebalanceStages, warrantyDates } from './contract-terms';
import { mustFindContract, todayOf, type ContractsDeps } from './contracts-deps';
import { formatSignedMoney, stagesSnapshot, toAmendmentDto, toStageInput } from './contracts.mapper';

const amountError = (field: string, message: string) =>
  new AppError('AMENDMENT_AMOUNT_INVALID', message, [{ field, message }]);

/** 7.5 signing, and 7.6/7.7 amendments: the only way a signed contract's amount changes is a signed amendment. */
export class ContractSigningService {
  constructor(
    private readonly d: ContractsDeps,
    private readonly files: ContractFilesService,
  ) {}

  /**
   * draft → signed (decided by `UPDATE … WHERE status = 'draft'`). The stages must be set and add up; the warranty
   * of a contract whose warranty starts on signing starts on the signed date. A `contractFileUrl` (an uploaded PDF)
   * becomes the next version of the contract file.
   */
  async sign(principal: Principal, id: number, input: ContractSign): Promise<ContractSigned> {
    return this.d.db.transaction(async (t) => {
      const c = await mustFindContract(this.d, id, scopeFor(principal), t, true);
      if (c.status !== 'draft') throw new AppError('CONTRACT_WRONG_STATE', '仅草稿状态的合同可签订');
      const stages = await this.d.stages.listFor(c.id, t);
      if (stages.length === 0) throw new AppError('CONTRACT_PAYMENT_TERMS_REQUIRED');
      const problems = checkPaymentStages(stages.map(toStageInput), formatMoney(c.contractAmount));
      if (problems.length > 0) throw new AppError('PAYMENT_TERMS_INVALID', problems[0].message, problems);
      const warranty = warrantyDates(c.warrantyStartType, c.warrantyPeriod, {
        signedDate: input.signedDate,
        deliveredDate: null,
      });
      const signedAt = this.d.clock.now();
      const ok = await this.d.contracts.update(
        c.id,
        {
          status: 'signed',
          signedDate: input.signedDate,
          signedAt,
          signedBy: principal.userId,
          ...warranty,
          updatedBy: principal.userId,
        },
        t,
        ['draft'],
      );
      if (!ok) throw new AppError('CONTRACT_WRONG_STATE', '仅草稿状态的合同可签订');
      const file = input.contractFileUrl
        ? await this.files.recordUploaded(principal, c, input.contractFileUrl, t)
        : null;
      return {
        contractId: c.id,
        status: 'signed',
        signedDate: input.signedDate,
        signedAt: signedAt.toISOString(),
        ...warranty,
        contractFile: file ? { fileId: file.fileId, fileUrl: file.fileUrl, fileVersion: file.fileVersion } : null,
      };
    });
  }

  /**
   * For the shipment module: the goods of a contract whose warranty starts on delivery arrived on `deliveredDate`.
   * Sets the warranty start and end once (the first delivery counts); false when nothing changed.
   */
  async startWarrantyOnDelivery(
    contractId: number,
    deliveredDate: string,
    by: number,
    t: Transaction,
  ): Promise<boolean> {
    const c = await this.d.contracts.findById(contractId, { kind: 'all' }, t, true);
    if (!c || c.warrantyStartType !== 'delivery' || c.warrantyStartDate !== null || c.status === 'draft') return false;
    const dates = warrantyDates('delivery', c.warrantyPeriod, { signedDate: c.signedDate, deliveredDate });
    if (!dates.warrantyStartDate) return false;
    return this.d.contracts.startWarranty(
      c.id,
      { warrantyStartDate: dates.warrantyStartDate, warrantyEndDate: dates.warrantyEndDate },
      by,
      t,
    );
  }

  /**
   * 7.6: a draft amendment of a signed (or executing) contract, numbered AMEND-<year>-001. Its amount change
   * applies when it is signed; `newContractAmount`, when sent, must agree with the current amount.
   */
  async createAmendment(principal: Principal, id: number, input: AmendmentCreate): Promise<Amendment> {
    return this.d.db.transaction(async (t) => {
      const c = await mustFindContract(this.d, id, scopeFor(principal), t, true);
      if (!AMENDABLE.includes(c.status)) {
        const message =
          c.status === 'draft' ? '草稿合同请直接修改，无需补充协议' : '已完成或已终止的合同不能再签补充协议';
        throw new AppError('CONTRACT_WRONG_STATE', message);
      }
      const next = toCents(c.contractAmount) + toCents(input.amountChange);
      if (next <= 0n)
        throw amountError('amountChange', `变更后合同金额须大于 0（当前 ${formatMoney(c.contractAmount)}）`);
      if (input.newContractAmount !== undefined && toCents(input.newContractAmount) !== next) {
        throw amountError(
          'newContractAmount',
          `变更后合同金额应为 ${fromCents(next)}（当前 ${formatMoney(c.contractAmount)} ${formatSignedMoney(input.amountChange)}）`,
        );
      }
      const year = String(this.d.clock.now().getUTCFullYear());
      const amendmentNo = formatNumber('AMEND', year, await this.d.sequences.next(`amendment:${year}`, t));
      const row = await this.d.amendments.create(
        {
          contractId: c.id,
          amendmentNo,
          amendmentTitle: input.amendmentTitle,
          amendmentType: input.amendmentType,
          amendmentContent: input.amendmentContent,
          amountChange: input.amountChange,
          newContractAmount: fromCents(next),
          signedDate: input.signedDate ?? null,
          createdBy: principal.userId,
        },
        t,
      );
      return toAmendmentDto(row);
    });
  }

  async listAmendments(principal: Principal, id: number): Promise<Amendment[]> {
    const c = await mustFindContract(this.d, id, scopeFor(principal));
    return (await this.d.amendments.listFor(c.id)).map(toAmendmentDto);
  }

  /**
   * Signs a draft amendment and applies its amount change to the contract's current amount: the difference goes
   * to the last unsettled payment stage and the ratios are re-apportioned, so stages still add up exactly.
   */
  async signAmendment(
    principal: Principal,
    id: number,
    amendmentId: number,
    input: { signedDate?: string },
  ): Promise<Amendment> {
    return this.d.db.transaction(async (t) => {
      const c = await mustFindContract(this.d, id, scopeFor(principal), t, true);
      const a = await this.d.amendments.find(c.id, amendmentId, t);
      if (!a) throw new AppError('AMENDMENT_NOT_FOUND');
      if (a.status !== 'draft') throw new AppError('AMENDMENT_WRONG_STATE', '补充协议已签订');
      if (!AMENDABLE.includes(c.status)) throw new AppError('CONTRACT_WRONG_STATE');
      const current = formatMoney(c.contractAmount);
      const next = toCents(current) + toCents(a.amountChange);
      if (next <= 0n) throw amountError('amountChange', `变更后合同金额须大于 0（当前 ${current}）`);
      if (next < toCents(c.receivedAmount)) {
        throw amountError('amountChange', `变更后合同金额不能低于已收款金额 ${formatMoney(c.receivedAmount)}`);
      }
      // Invoices never exceed the contract amount (§11): an amendment may not push it below what was invoiced.
      if (next < toCents(c.invoicedAmount)) {
        throw amountError('amountChange', `变更后合同金额不能低于已开票金额 ${formatMoney(c.invoicedAmount)}`);
      }
      const newAmount = fromCents(next);
      if (next !== toCents(current)) {
        const stages = await this.d.stages.listFor(c.id, t);
        const balanced = rebalanceStages(stages, newAmount);
        if (!balanced) throw amountError('amountChange', '付款阶段无法承接该金额变更（最后一个未结清阶段金额不足）');
        const changed = await this.d.contracts.changeAmount(c.id, current, newAmount, principal.userId, AMENDABLE, t);
        if (!changed) throw new AppError('CONTRACT_WRONG_STATE', '合同金额已被其他操作修改，请重试');
        for (const [i, s] of stages.entries()) {
          await this.d.stages.setMoney(s.id, balanced[i].amount, balanced[i].ratio, t);
        }
        const snapshot = stagesSnapshot(stages.map((s, i) => ({ ...s, ...balanced[i] })));
        await this.d.contracts.update(c.id, { paymentTerms: snapshot, updatedBy: principal.userId }, t);
      }
      const signed = await this.d.amendments.markSigned(
        a.id,
        {
          signedDate: input.signedDate ?? a.signedDate ?? todayOf(this.d.clock),
          signedAt: this.d.clock.now(),
          signedBy: principal.userId,
          newContractAmount: newAmount,
        },
        t,
      );
      if (!signed) throw new AppError('AMENDMENT_WRONG_STATE', '补充协议已签订');
      const row = await this.d.amendments.find(c.id, a.id, t);
      if (!row) throw new AppError('AMENDMENT_NOT_FOUND');
      return toAmendmentDto(row);
    });
  }
}
