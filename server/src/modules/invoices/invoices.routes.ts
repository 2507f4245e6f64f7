import {
  FinanceStatisticsQuerySchema,
  IdParamSchema,
  InvoiceConfirmSchema,
  InvoiceCreateSchema,
  InvoiceExportQuerySchema,
  InvoiceListQuerySchema,
  InvoiceSchema,
  InvoiceStatisticsSchema,
  InvoiceUpdateSchema,
  InvoiceVoidSchema,
  pageSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import { XLSX_TYPE } from '../../platform/spreadsheet';
import type { InvoicesService } from './invoices.service';

const TAG = '发票管理';
const audit = (action: string) => ({ module: 'invoices', action, targetType: 'invoice' });
const created = (_p: unknown, r: unknown) => (r as { invoiceId: number }).invoiceId;

/** 004 §11. The fixed paths come before `/api/invoices/:id`. Sales read the invoices of their own customers. */
export function invoiceRoutes(invoices: InvoicesService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/invoices/statistics',
      tag: TAG,
      summary: '发票统计分析 (004 §11.7)：已开票、未开票、开票率，按发票类型与开票月份',
      description: 'startDate/endDate 按合同签订日期筛选合同（同 10.6）；按类型、按月为这些合同已确认的发票。',
      permission: 'invoices.read',
      query: FinanceStatisticsQuerySchema,
      response: InvoiceStatisticsSchema,
      successMessage: '查询成功',
      handler: ({ principal, query }) => invoices.statistics(principal, query),
    }),
    route({
      method: 'get',
      path: '/api/invoices/export',
      tag: TAG,
      summary: '导出发票记录 (004 §11.8)：.xlsx，按合同、客户、开票日期筛选',
      permission: 'invoices.export',
      query: InvoiceExportQuerySchema,
      produces: XLSX_TYPE,
      rateLimit: [{ points: 10, durationSec: 60, by: 'user' }],
      handler: async ({ principal, query, ctx }) => {
        const file = await invoices.export(principal, query);
        ctx.type = XLSX_TYPE;
        ctx.attachment(`invoices-${new Date().toISOString().slice(0, 10)}.xlsx`);
        ctx.body = file;
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/invoices',
      tag: TAG,
      summary: '发票列表 (004 §11.1)：合同、客户、状态、发票类型、开票日期区间',
      permission: 'invoices.read',
      query: InvoiceListQuerySchema,
      response: pageSchema(InvoiceSchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => invoices.list(principal, query),
    }),
    route({
      method: 'post',
      path: '/api/invoices',
      tag: TAG,
      summary: '登记发票 (004 §11.2)：待开具（draft），发票号码在确认开票时填写；支持 Idempotency-Key',
      description:
        '合同须已签订；累计开票金额不能超过合同金额。增值税专用发票须填写纳税人识别号、地址、电话、开户行与银行账号。',
      permission: 'invoices.create',
      idempotent: true,
      body: InvoiceCreateSchema,
      response: InvoiceSchema,
      successMessage: '创建成功',
      audit: { ...audit('create'), target: created },
      handler: ({ principal, body }) => invoices.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/invoices/:id',
      tag: TAG,
      summary: '发票详情 (004 §11.3)',
      permission: 'invoices.read',
      params: IdParamSchema,
      response: InvoiceSchema,
      successMessage: '查询成功',
      handler: ({ principal, params }) => invoices.get(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/invoices/:id',
      tag: TAG,
      summary: '修改发票信息 (004 §11.4)：仅待开具（draft）的发票',
      permission: 'invoices.update',
      params: IdParamSchema,
      body: InvoiceUpdateSchema,
      response: InvoiceSchema,
      successMessage: '修改成功',
      audit: audit('update'),
      handler: ({ principal, params, body }) => invoices.update(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/invoices/:id/confirm',
      tag: TAG,
      summary: '确认开票 (004 §11.5)：draft → confirmed，合同已开票金额随之增加；支持 Idempotency-Key',
      description: '发票号码唯一；累计开票金额超过合同金额时 422 INVOICE_EXCEEDS_CONTRACT。',
      permission: 'invoices.confirm',
      idempotent: true,
      params: IdParamSchema,
      body: InvoiceConfirmSchema,
      response: InvoiceSchema,
      successMessage: '确认成功',
      audit: audit('confirm'),
      handler: ({ principal, params, body }) => invoices.confirm(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/invoices/:id/void',
      tag: TAG,
      summary: '作废发票 (004 §11.6)：→ voided；已开具的发票回退合同已开票金额',
      permission: 'invoices.void',
      params: IdParamSchema,
      body: InvoiceVoidSchema,
      response: InvoiceSchema,
      successMessage: '作废成功',
      audit: audit('void'),
      handler: ({ principal, params, body }) => invoices.void(principal, params.id, body),
    }),
  ];
}
