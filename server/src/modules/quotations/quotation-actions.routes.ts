import {
  ContractCreatedSchema,
  ConvertToContractSchema,
  IdParamSchema,
  QuotationDetailSchema,
  QuotationPdfSchema,
  QuotationRejectSchema,
  QuotationValiditySchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import type { QuotationContractService } from './quotation-contract.service';
import type { QuotationPdfService } from './quotation-pdf.service';
import type { QuotationStatusService } from './quotation-status.service';
import { QUOTATIONS_TAG as TAG } from './quotations.routes';

const audit = (action: string) => ({ module: 'quotations', action, targetType: 'quotation' });

/** 004 §6.7-6.9 and the status changes that 004 names but does not spell out (send, accept, reject). */
export function quotationActionRoutes(
  status: QuotationStatusService,
  pdf: QuotationPdfService,
  contracts: QuotationContractService,
): RouteSpec[] {
  return [
    route({
      method: 'put',
      path: '/api/quotations/:id/validity',
      tag: TAG,
      summary: '延长报价单有效期 (004 §6.7)：草稿、已发送、已过期（过期的恢复为已发送）',
      permission: 'quotations.update',
      params: IdParamSchema,
      body: QuotationValiditySchema,
      response: QuotationDetailSchema,
      successMessage: '延期成功',
      audit: audit('extend_validity'),
      handler: ({ principal, params, body }) => status.extendValidity(principal, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/quotations/:id/send',
      tag: TAG,
      summary: '发送报价单：draft → sent（至少一个产品，且未过有效期）',
      permission: 'quotations.approve',
      params: IdParamSchema,
      response: QuotationDetailSchema,
      successMessage: '已发送',
      audit: audit('send'),
      handler: ({ principal, params }) => status.send(principal, params.id),
    }),
    route({
      method: 'post',
      path: '/api/quotations/:id/accept',
      tag: TAG,
      summary: '客户接受报价单：sent → accepted（已过有效期的返回 422 QUOTATION_EXPIRED）',
      permission: 'quotations.approve',
      params: IdParamSchema,
      response: QuotationDetailSchema,
      successMessage: '已确认接受',
      audit: audit('accept'),
      handler: ({ principal, params }) => status.accept(principal, params.id),
    }),
    route({
      method: 'post',
      path: '/api/quotations/:id/reject',
      tag: TAG,
      summary: '客户拒绝报价单：sent → rejected，记录丢单原因（price/competitor/no_budget/no_need/timing/other）',
      permission: 'quotations.approve',
      params: IdParamSchema,
      body: QuotationRejectSchema,
      response: QuotationDetailSchema,
      successMessage: '已标记为拒绝',
      audit: audit('reject'),
      handler: ({ principal, params, body }) => status.reject(principal, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/quotations/:id/pdf',
      tag: TAG,
      summary: '生成报价单 PDF (004 §6.8)：A4，返回不可猜测的文件地址',
      permission: 'quotations.read',
      params: IdParamSchema,
      response: QuotationPdfSchema,
      successMessage: '生成成功',
      rateLimit: [{ points: 30, durationSec: 60, by: 'user' }],
      audit: audit('generate_pdf'),
      handler: ({ principal, params }) => pdf.generate(principal, params.id),
    }),
    route({
      method: 'post',
      path: '/api/quotations/:id/convert-to-contract',
      tag: TAG,
      summary: '报价单转合同 (004 §6.9)：仅已接受的报价单，且只能转一次',
      permission: 'contracts.create',
      params: IdParamSchema,
      body: ConvertToContractSchema,
      response: ContractCreatedSchema,
      successMessage: '转换成功',
      audit: {
        module: 'quotations',
        action: 'convert_to_contract',
        targetType: 'contract',
        target: (_p, r) => (r as { contractId: number }).contractId,
      },
      handler: ({ principal, params, body }) => contracts.convert(principal, params.id, body),
    }),
  ];
}
