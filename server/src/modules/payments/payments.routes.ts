import { z } from 'zod';
import {
  FinanceStatisticsQuerySchema,
  IdParamSchema,
  OverdueQuerySchema,
  OverdueReceivableSchema,
  PaymentConfirmSchema,
  PaymentCreateSchema,
  PaymentExportQuerySchema,
  PaymentListQuerySchema,
  PaymentSchema,
  PaymentStatisticsSchema,
  PaymentVoidSchema,
  pageSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import { XLSX_TYPE } from '../../platform/spreadsheet';
import type { PaymentsService } from './payments.service';

const TAG = '收款管理';
const audit = (action: string) => ({ module: 'payments', action, targetType: 'payment' });
const created = (_p: unknown, r: unknown) => (r as { paymentId: number }).paymentId;

/** 004 §10. The fixed paths come before `/api/payments/:id`. Sales read the payments of their own customers. */
export function paymentRoutes(payments: PaymentsService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/payments/statistics',
      tag: TAG,
      summary: '应收账款统计 (004 §10.6)：已签订合同的合同金额、已收、应收、收款率、逾期应收，按客户',
      description: 'startDate/endDate 按合同签订日期筛选合同；逾期应收为计划日期已过且未结清的付款阶段余额。',
      permission: 'payments.read',
      query: FinanceStatisticsQuerySchema,
      response: PaymentStatisticsSchema,
      successMessage: '查询成功',
      handler: ({ principal, query }) => payments.statistics(principal, query),
    }),
    route({
      method: 'get',
      path: '/api/payments/overdue',
      tag: TAG,
      summary: '逾期应收 (004 §10.7)：计划日期已过且未结清的付款阶段，最早的在前',
      permission: 'payments.read',
      query: OverdueQuerySchema,
      response: z.array(OverdueReceivableSchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => payments.overdue(principal, query),
    }),
    route({
      method: 'get',
      path: '/api/payments/export',
      tag: TAG,
      summary: '导出收款记录 (004 §10.8)：.xlsx，按合同、客户、收款日期筛选',
      permission: 'payments.export',
      query: PaymentExportQuerySchema,
      produces: XLSX_TYPE,
      rateLimit: [{ points: 10, durationSec: 60, by: 'user' }],
      handler: async ({ principal, query, ctx }) => {
        const file = await payments.export(principal, query);
        ctx.type = XLSX_TYPE;
        ctx.attachment(`payments-${new Date().toISOString().slice(0, 10)}.xlsx`);
        ctx.body = file;
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/payments',
      tag: TAG,
      summary: '收款记录列表 (004 §10.1)：合同、客户、状态、收款方式、收款日期区间，收款日期新的在前',
      permission: 'payments.read',
      query: PaymentListQuerySchema,
      response: pageSchema(PaymentSchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => payments.list(principal, query),
    }),
    route({
      method: 'post',
      path: '/api/payments',
      tag: TAG,
      summary: '登记收款 (004 §10.2)：待确认（draft），编号 PAY-<年>-001；支持 Idempotency-Key',
      description:
        '合同须已签订。paymentStage（阶段名称）或 stageId 指定付款阶段；收款金额不能超过合同未收金额和该阶段未收余额。',
      permission: 'payments.create',
      idempotent: true,
      body: PaymentCreateSchema,
      response: PaymentSchema,
      successMessage: '创建成功',
      audit: { ...audit('create'), target: created },
      handler: ({ principal, body }) => payments.create(principal, body),
    }),
    route({
      method: 'get',
      path: '/api/payments/:id',
      tag: TAG,
      summary: '收款详情 (004 §10.3)：含付款阶段已收、余额与是否结清',
      permission: 'payments.read',
      params: IdParamSchema,
      response: PaymentSchema,
      successMessage: '查询成功',
      handler: ({ principal, params }) => payments.get(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/payments/:id/confirm',
      tag: TAG,
      summary: '确认收款 (004 §10.4)：draft → confirmed，合同已收金额与付款阶段已收随之增加；支持 Idempotency-Key',
      permission: 'payments.confirm',
      idempotent: true,
      params: IdParamSchema,
      body: PaymentConfirmSchema,
      response: PaymentSchema,
      successMessage: '确认成功',
      audit: audit('confirm'),
      handler: ({ principal, params, body }) => payments.confirm(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/payments/:id/void',
      tag: TAG,
      summary: '作废收款 (004 §10.5)：→ cancelled；已确认的收款回退合同已收金额与付款阶段已收',
      permission: 'payments.void',
      params: IdParamSchema,
      body: PaymentVoidSchema,
      response: PaymentSchema,
      successMessage: '作废成功',
      audit: audit('void'),
      handler: ({ principal, params, body }) => payments.void(principal, params.id, body),
    }),
  ];
}
