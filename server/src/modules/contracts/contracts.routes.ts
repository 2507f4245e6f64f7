import {
  ContractCreateSchema,
  ContractDetailSchema,
  ContractListQuerySchema,
  ContractProgressSchema,
  ContractSignSchema,
  ContractSignedSchema,
  ContractSummarySchema,
  ContractUpdateSchema,
  IdParamSchema,
  pageSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { ContractRecordsService } from './contract-records.service';
import type { ContractSigningService } from './contract-signing.service';

export const CONTRACTS_TAG = '合同管理';
const TAG = CONTRACTS_TAG;
const audit = (action: string) => ({ module: 'contracts', action, targetType: 'contract' });

/** 004 §7.1-7.5 and 7.11. Sales see the contracts of their own customers; data.all sees every one. */
export function contractRoutes(records: ContractRecordsService, signing: ContractSigningService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/contracts',
      tag: TAG,
      summary: '合同列表 (004 §7.1)：客户、状态、负责人、签订日期区间，新的在前',
      permission: 'contracts.read',
      query: ContractListQuerySchema,
      response: pageSchema(ContractSummarySchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => records.list(principal, query),
    }),
    route({
      method: 'post',
      path: '/api/contracts',
      tag: TAG,
      summary: '创建合同 (004 §7.2)：草稿，编号 CONT-<年>-001',
      description:
        '付款阶段金额之和须等于合同金额、比例之和须为 100%，每阶段比例与金额相符（误差不超过 0.01%）；给出产品时产品金额之和须等于合同金额。质保起算：delivery（交货）或 signing（签订）。',
      permission: 'contracts.create',
      body: ContractCreateSchema,
      response: ContractDetailSchema,
      successMessage: '创建成功',
      audit: { ...audit('create'), target: (_p, r) => (r as { contractId: number }).contractId },
      handler: ({ principal, body }) => records.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/contracts/:id',
      tag: TAG,
      summary: '合同详情 (004 §7.3)：付款阶段、质保、产品、补充协议与执行进度',
      permission: 'contracts.read',
      params: IdParamSchema,
      response: ContractDetailSchema,
      successMessage: '查询成功',
      handler: ({ principal, params }) => records.get(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/contracts/:id',
      tag: TAG,
      summary: '修改合同 (004 §7.4)：仅草稿；已签订的合同请创建补充协议',
      description: 'paymentTerms、items 给出时替换全部；金额变化时现有付款阶段与产品须仍然相符。',
      permission: 'contracts.update',
      params: IdParamSchema,
      body: ContractUpdateSchema,
      response: ContractDetailSchema,
      successMessage: '修改成功',
      audit: audit('update'),
      handler: ({ principal, params, body }) => records.update(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/contracts/:id/sign',
      tag: TAG,
      summary: '合同签订 (004 §7.5)：draft → signed',
      description:
        '须已设置付款阶段。质保从签订起算的合同以签订日期计算质保起止日期。contractFileUrl 为本系统上传的 PDF，记为新版本的合同文件。',
      permission: 'contracts.sign',
      params: IdParamSchema,
      body: ContractSignSchema,
      response: ContractSignedSchema,
      successMessage: '签订成功',
      audit: audit('sign'),
      handler: ({ principal, params, body }) => signing.sign(principal, params.id, body),
    }),
    route({
      method: 'get',
      path: '/api/contracts/:id/progress',
      tag: TAG,
      summary: '合同执行进度 (004 §7.11)：发货、收款、开票进度与产品发货数量',
      permission: 'contracts.read',
      params: IdParamSchema,
      response: ContractProgressSchema,
      successMessage: '查询成功',
      handler: ({ principal, params }) => records.progress(principal, params.id),
    }),
  ];
}
