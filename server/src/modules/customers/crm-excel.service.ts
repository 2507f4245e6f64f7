import { LeadCreateSchema, type CustomerExportQuery, type ImportReport } from '@app/shared';
import { AppError } from '../../http/app-error';
import { headerKeys, readFirstSheet, rowValues, writeSheet, type SheetColumn } from '../../platform/spreadsheet';
import { scopeFor, type Principal } from '../access/principal';
import type { CrmDeps } from './crm-deps';
import type { CustomersService } from './customers.service';

const COLUMNS = [
  { key: 'customerCode', header: '客户编码', width: 16 },
  { key: 'customerName', header: '客户名称', width: 28 },
  { key: 'customerType', header: '客户类型', width: 12 },
  { key: 'customerLevel', header: '客户等级', width: 8 },
  { key: 'customerStage', header: '客户阶段', width: 10 },
  { key: 'industry', header: '行业', width: 14 },
  { key: 'province', header: '省份', width: 10 },
  { key: 'city', header: '城市', width: 10 },
  { key: 'address', header: '地址', width: 30 },
  { key: 'contactPhone', header: '联系电话', width: 16 },
  { key: 'hotelRooms', header: '客房数', width: 8 },
  { key: 'hotelStar', header: '酒店星级', width: 10 },
  { key: 'source', header: '来源', width: 12 },
  { key: 'ownerName', header: '负责人', width: 10 },
  { key: 'ownerUsername', header: '负责人账号', width: 12 },
  { key: 'createdAt', header: '创建时间', width: 20 },
  { key: 'description', header: '描述', width: 40 },
] as const satisfies readonly SheetColumn<string>[];
type ColumnKey = (typeof COLUMNS)[number]['key'];

const TYPE_LABELS: Record<string, string> = {
  chain_hotel: '连锁酒店',
  single_hotel: '单体酒店',
  distributor: '经销商',
  homestay: '民宿',
  apartment: '公寓',
};
const STAGE_LABELS: Record<string, string> = {
  lead: '线索',
  initial_contact: '初步接触',
  prospect: '意向客户',
  negotiation: '商务谈判',
  client: '成交客户',
  inactive: '无效客户',
};
const fromLabel = (labels: Record<string, string>, text: string) =>
  Object.entries(labels).find(([, label]) => label === text)?.[0] ?? text;

export const MAX_LEAD_IMPORT_ROWS = 5000;
export const MAX_CUSTOMER_EXPORT_ROWS = 50_000;

/** 004 §3.8 export and §5.9 import: one sheet layout, so an export can be edited and imported back. */
export class CrmExcelService {
  constructor(
    private readonly d: CrmDeps,
    private readonly customers: CustomersService,
  ) {}

  async exportCustomers(principal: Principal, query: CustomerExportQuery): Promise<Buffer> {
    const records = await this.d.customers.listAll(scopeFor(principal), 'owned', query, MAX_CUSTOMER_EXPORT_ROWS);
    const rows = await this.customers.toDtos(records);
    const usernames = await this.d.users.usernames(rows.flatMap((r) => (r.ownerId === null ? [] : [r.ownerId])));
    return writeSheet(
      '客户',
      COLUMNS,
      rows.map((c) => ({
        ...c,
        customerType: c.customerType ? (TYPE_LABELS[c.customerType] ?? c.customerType) : '',
        customerStage: STAGE_LABELS[c.customerStage],
        ownerUsername: c.ownerId === null ? '' : (usernames.get(c.ownerId) ?? ''),
        createdAt: c.createdAt.replace('T', ' ').slice(0, 19),
      })),
    );
  }

  /** Each row is created on its own (all or nothing per row); a duplicate or invalid row is reported, not fatal. */
  async importLeads(principal: Principal, file: Buffer): Promise<ImportReport> {
    const sheet = await readFirstSheet(file);
    const keys = headerKeys(sheet, COLUMNS);
    if (![...keys.values()].includes('customerName'))
      throw new AppError('VALIDATION_ERROR', '表头缺少列：客户名称', [{ field: 'file', message: '缺少列 客户名称' }]);
    const report: ImportReport = { totalRows: 0, successCount: 0, failCount: 0, errors: [] };
    for (let r = 2; r <= sheet.rowCount; r += 1) {
      const values = rowValues(sheet.getRow(r), COLUMNS, keys);
      if (Object.values(values).every((v) => v === '')) continue;
      report.totalRows += 1;
      if (report.totalRows > MAX_LEAD_IMPORT_ROWS)
        throw new AppError('VALIDATION_ERROR', `一次最多导入 ${MAX_LEAD_IMPORT_ROWS} 行`);
      const error = await this.importRow(principal, values);
      if (error) {
        report.failCount += 1;
        report.errors.push({ row: r, error });
      } else report.successCount += 1;
    }
    return report;
  }

  private async importRow(principal: Principal, v: Record<ColumnKey, string>): Promise<string | null> {
    let ownerId: number | null = null;
    if (v.ownerUsername) {
      const owner = await this.d.users.findByUsername(v.ownerUsername);
      if (!owner) return `负责人账号不存在：${v.ownerUsername}`;
      ownerId = owner.id;
    }
    const parsed = LeadCreateSchema.safeParse({
      customerName: v.customerName,
      customerType: v.customerType ? fromLabel(TYPE_LABELS, v.customerType) : undefined,
      customerLevel: v.customerLevel || undefined,
      customerStage: v.customerStage ? fromLabel(STAGE_LABELS, v.customerStage) : undefined,
      industry: v.industry || undefined,
      province: v.province || undefined,
      city: v.city || undefined,
      address: v.address || undefined,
      contactPhone: v.contactPhone || undefined,
      hotelRooms: v.hotelRooms ? Number(v.hotelRooms) : undefined,
      hotelStar: v.hotelStar || undefined,
      source: v.source || undefined,
      description: v.description || undefined,
      ownerId,
    });
    if (!parsed.success) {
      return parsed.error.issues
        .map((i) => `${COLUMNS.find((c) => c.key === i.path[0])?.header ?? String(i.path[0])}：${i.message}`)
        .join('；');
    }
    try {
      await this.customers.create(principal, parsed.data, { defaultOwner: 'pool', assignPermission: 'leads.assign' });
      return null;
    } catch (err) {
      if (err instanceof AppError) return err.message;
      throw err;
    }
  }
}
