import { z } from 'zod';
import {
  ContactCreateSchema,
  ContactSchema,
  CustomerCreateSchema,
  CustomerCreatedSchema,
  CustomerDetailSchema,
  CustomerExportQuerySchema,
  CustomerListQuerySchema,
  CustomerSchema,
  CustomerUpdateSchema,
  IdParamSchema,
  OwnerTransferSchema,
  StageChangeSchema,
  StageChangedSchema,
  pageSchema,
} from '@app/shared';
import { route, type RouteSpec } from '../../http/route';
import { XLSX_TYPE } from '../../platform/spreadsheet';
import type { CrmExcelService } from './crm-excel.service';
import type { CustomerPipelineService } from './customer-pipeline.service';
import type { CustomersService } from './customers.service';

const TAG = '客户管理';
const created = (_p: unknown, r: unknown) => (r as { customerId: number }).customerId;

/** 004 §3. `/api/customers/export` comes before `/api/customers/:id`. */
export function customerRoutes(
  customers: CustomersService,
  pipeline: CustomerPipelineService,
  excel: CrmExcelService,
): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/customers',
      tag: TAG,
      summary: '客户列表 (004 §3.1)：阶段、类型、等级、负责人、来源、省市、关键词（名称/电话/联系人）',
      permission: 'customers.read',
      query: CustomerListQuerySchema,
      response: pageSchema(CustomerSchema),
      successMessage: '查询成功',
      handler: ({ principal, query }) => customers.list(principal, query, 'owned'),
    }),
    route({
      method: 'post',
      path: '/api/customers',
      tag: TAG,
      summary: '创建客户 (004 §3.2)；同名或同电话的客户已存在时 409，确认后带 confirmDuplicate: true 重试',
      permission: 'customers.create',
      body: CustomerCreateSchema,
      response: CustomerCreatedSchema,
      successMessage: '创建成功',
      audit: { module: 'customers', action: 'create', targetType: 'customer', target: created },
      handler: ({ principal, body }) =>
        customers.create(principal, body, { defaultOwner: 'creator', assignPermission: 'customers.transfer' }),
    }),
    route({
      method: 'get',
      path: '/api/customers/export',
      tag: TAG,
      summary: '导出客户数据 (004 §3.8)：.xlsx，筛选条件同列表',
      permission: 'customers.export',
      query: CustomerExportQuerySchema,
      produces: XLSX_TYPE,
      rateLimit: [{ points: 10, durationSec: 60, by: 'user' }],
      handler: async ({ principal, query, ctx }) => {
        ctx.type = XLSX_TYPE;
        ctx.attachment(`customers-${new Date().toISOString().slice(0, 10)}.xlsx`);
        ctx.body = await excel.exportCustomers(principal, query);
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/customers/:id',
      tag: TAG,
      summary: '客户详情 (004 §3.3)：联系人、报价单、合同、跟进记录与变更历史',
      permission: 'customers.read',
      params: IdParamSchema,
      response: CustomerDetailSchema,
      successMessage: '查询成功',
      handler: ({ principal, params }) => customers.detail(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/customers/:id',
      tag: TAG,
      summary: '修改客户信息 (004 §3.4)',
      permission: 'customers.update',
      params: IdParamSchema,
      body: CustomerUpdateSchema,
      response: CustomerSchema,
      successMessage: '修改成功',
      audit: { module: 'customers', action: 'update', targetType: 'customer' },
      handler: ({ principal, params, body }) => customers.update(principal, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/customers/:id/contacts',
      tag: TAG,
      summary: '添加客户联系人 (004 §3.5)；isPrimary=1 时其余联系人不再是主联系人',
      permission: 'customers.update',
      params: IdParamSchema,
      body: ContactCreateSchema,
      response: ContactSchema,
      successMessage: '添加成功',
      audit: { module: 'customers', action: 'add_contact', targetType: 'customer' },
      handler: ({ principal, params, body }) => customers.addContact(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/customers/:id/stage',
      tag: TAG,
      summary: '推进客户阶段 (004 §3.6)，记录变更前后',
      permission: 'customers.update',
      params: IdParamSchema,
      body: StageChangeSchema,
      response: StageChangedSchema,
      successMessage: '修改成功',
      audit: { module: 'customers', action: 'change_stage', targetType: 'customer' },
      handler: ({ principal, params, body }) => pipeline.changeStage(principal, params.id, body),
    }),
    route({
      method: 'put',
      path: '/api/customers/:id/owner',
      tag: TAG,
      summary: '转移客户负责人 (004 §3.7)；未关闭的报价单随之转移',
      permission: 'customers.transfer',
      params: IdParamSchema,
      body: OwnerTransferSchema,
      response: CustomerSchema,
      successMessage: '转移成功',
      audit: { module: 'customers', action: 'transfer_owner', targetType: 'customer' },
      handler: ({ principal, params, body }) => pipeline.transferOwner(principal, params.id, body),
    }),
    route({
      method: 'delete',
      path: '/api/customers/:id',
      tag: TAG,
      summary: '删除客户（软删除，历史数据保留）',
      permission: 'customers.delete',
      params: IdParamSchema,
      response: z.object({ customerId: z.number().int() }),
      successMessage: '删除成功',
      audit: { module: 'customers', action: 'delete', targetType: 'customer' },
      handler: ({ principal, params }) => customers.remove(principal, params.id),
    }),
  ];
}
