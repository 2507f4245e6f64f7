import { z } from 'zod';
import {
  AmendmentCreateSchema,
  AmendmentParamsSchema,
  AmendmentSchema,
  AmendmentSignSchema,
  CONTRACT_FILE_TYPES,
  ContractFileDeletedSchema,
  ContractFileFormSchema,
  ContractFileParamsSchema,
  ContractFileSchema,
  IdParamSchema,
} from '@app/shared';
import { readMultipartForm } from '../../http/multipart';
import { route, type RouteSpec } from '../../http/route';
import { parsePart } from '../../http/validate';
import { tooLargeMessage } from '../files/upload-rules';
import type { ContractFilesService } from './contract-files.service';
import type { ContractSigningService } from './contract-signing.service';
import { CONTRACTS_TAG as TAG } from './contracts.routes';

const audit = (action: string) => ({ module: 'contracts', action, targetType: 'contract' });

/** 004 §7.6-7.10: amendments (and signing one, which applies its amount change) and versioned contract files. */
export function contractDocumentRoutes(
  signing: ContractSigningService,
  files: ContractFilesService,
  fileMaxBytes: number,
): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/contracts/:id/amendments',
      tag: TAG,
      summary: '创建补充协议 (004 §7.6)：已签订/执行中的合同，草稿，编号 AMEND-<年>-001',
      description:
        'amountChange 可为负；newContractAmount 给出时须等于当前合同金额 + amountChange。金额变更在补充协议签订时生效。',
      permission: 'contracts.update',
      params: IdParamSchema,
      body: AmendmentCreateSchema,
      response: AmendmentSchema,
      successMessage: '创建成功',
      audit: audit('create_amendment'),
      handler: ({ principal, params, body }) => signing.createAmendment(principal, params.id, body),
    }),
    route({
      method: 'get',
      path: '/api/contracts/:id/amendments',
      tag: TAG,
      summary: '补充协议列表 (004 §7.7)：按创建先后',
      permission: 'contracts.read',
      params: IdParamSchema,
      response: z.array(AmendmentSchema),
      successMessage: '查询成功',
      handler: ({ principal, params }) => signing.listAmendments(principal, params.id),
    }),
    route({
      method: 'put',
      path: '/api/contracts/:id/amendments/:amendmentId/sign',
      tag: TAG,
      summary: '签订补充协议：draft → signed，金额变更此时计入合同金额',
      description:
        '差额计入最后一个未结清的付款阶段，各阶段比例重新分摊（合计仍为 100%）。变更后金额须大于 0 且不低于已收款金额。',
      permission: 'contracts.sign',
      params: AmendmentParamsSchema,
      body: AmendmentSignSchema,
      response: AmendmentSchema,
      successMessage: '签订成功',
      audit: audit('sign_amendment'),
      handler: ({ principal, params, body }) => signing.signAmendment(principal, params.id, params.amendmentId, body),
    }),
    route({
      method: 'post',
      path: '/api/contracts/:id/files',
      tag: TAG,
      summary: '上传合同文件 (004 §7.8)：PDF，同类文件再次上传为新版本',
      description: '文件类型按内容识别，仅 PDF。应答 fileUrl、fileVersion、uploadedAt 等。',
      permission: 'contracts.update',
      params: IdParamSchema,
      upload: {
        field: 'file',
        description: '合同文件（PDF，≤ UPLOAD_FILE_MAX_MB）',
        fields: { fileType: { description: '文件类型，默认 contract', enum: CONTRACT_FILE_TYPES } },
      },
      response: ContractFileSchema,
      successMessage: '上传成功',
      audit: audit('upload_file'),
      handler: async ({ principal, params, ctx }) => {
        const form = await readMultipartForm(ctx, {
          field: 'file',
          fields: ['fileType'],
          maxBytes: fileMaxBytes,
          tooLarge: (limit) => tooLargeMessage('contract', limit),
        });
        parsePart(ContractFileFormSchema, form.fields, 'body');
        const { fileType } = ContractFileFormSchema.parse(form.fields);
        return files.upload(principal, params.id, { file: form.file, fileType });
      },
    }),
    route({
      method: 'get',
      path: '/api/contracts/:id/files',
      tag: TAG,
      summary: '合同文件列表 (004 §7.9)：按类型，新版本在前',
      permission: 'contracts.read',
      params: IdParamSchema,
      response: z.array(ContractFileSchema),
      successMessage: '查询成功',
      handler: ({ principal, params }) => files.list(principal, params.id),
    }),
    route({
      method: 'delete',
      path: '/api/contracts/:id/files/:fileId',
      tag: TAG,
      summary: '删除合同文件 (004 §7.10)：草稿合同的任何文件；已签订合同仅附件',
      permission: 'contracts.update',
      params: ContractFileParamsSchema,
      response: ContractFileDeletedSchema,
      successMessage: '删除成功',
      audit: audit('delete_file'),
      handler: ({ principal, params }) => files.remove(principal, params.id, params.fileId),
    }),
  ];
}
