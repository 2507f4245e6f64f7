import type {
  TicketLogType,
  TicketPaymentStatus,
  TicketPriority,
  TicketStatus,
  TicketType,
  WarrantyStatus,
} from '@app/shared';
import type { ServiceTicketModel } from '../../db/models';

export interface TicketRecord {
  id: number;
  ticketNo: string;
  ticketType: TicketType;
  ticketTitle: string;
  priority: TicketPriority;
  status: TicketStatus;
  customerId: number;
  customerContactId: number | null;
  contractId: number | null;
  productId: number | null;
  problemDescription: string;
  problemAnalysis: string | null;
  solution: string | null;
  expectedResolveDate: string | null;
  attachmentUrls: string[];
  solutionAttachmentUrls: string[];
  isUnderWarranty: boolean;
  warrantyStatus: WarrantyStatus;
  warrantyStartDate: string | null;
  warrantyEndDate: string | null;
  warrantyDaysLeft: number | null;
  serviceFee: string | null;
  partsCost: string | null;
  totalCost: string | null;
  paymentStatus: TicketPaymentStatus | null;
  assignedTo: number | null;
  assignedAt: Date | null;
  reportedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  resolvedBy: number | null;
  closedAt: Date | null;
  closedBy: number | null;
  closeNote: string | null;
  customerRating: number | null;
  customerFeedback: string | null;
  ratedAt: Date | null;
  ratedBy: number | null;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export type TicketWrite = Pick<
  TicketRecord,
  | 'ticketNo'
  | 'ticketType'
  | 'ticketTitle'
  | 'priority'
  | 'customerId'
  | 'customerContactId'
  | 'contractId'
  | 'productId'
  | 'problemDescription'
  | 'expectedResolveDate'
  | 'attachmentUrls'
  | 'isUnderWarranty'
  | 'warrantyStatus'
  | 'warrantyStartDate'
  | 'warrantyEndDate'
  | 'warrantyDaysLeft'
  | 'reportedAt'
  | 'createdBy'
>;

export type TicketPatch = Partial<
  Omit<TicketRecord, 'id' | 'ticketNo' | 'customerId' | 'contractId' | 'createdAt' | 'createdBy'>
> & { updatedBy: number; updatedAt: Date };

/** Conditions a guarded update re-checks on the row itself, so of two racing writers exactly one wins. */
export interface TicketGuard {
  status?: readonly TicketStatus[];
  /** The assignee the caller saw (null: nobody). */
  assignedTo?: number | null;
  unrated?: boolean;
}

export interface TicketPartRecord {
  partName: string;
  partCode: string | null;
  quantity: number;
  unitCost: string;
  subtotal: string;
}

export interface TicketLogRecord {
  id: number;
  ticketId: number;
  logType: TicketLogType;
  logContent: string;
  attachmentUrls: string[];
  createdBy: number | null;
  createdAt: Date;
}

export const idOrNull = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
export const dayOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
const dateOrNull = (v: Date | string | null | undefined): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(v);
/** DECIMAL comes back as a string (MySQL) or a number (SQLite); two places either way. */
export const money = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : typeof v === 'number' ? v.toFixed(2) : v;

export function parseUrls(raw: unknown): string[] {
  if (typeof raw !== 'string' || raw === '') return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function toTicketRecord(m: ServiceTicketModel): TicketRecord {
  const r = m.get({ plain: true });
  return {
    id: Number(r.id),
    ticketNo: r.ticketNo,
    ticketType: r.ticketType as TicketType,
    ticketTitle: r.ticketTitle,
    priority: r.priority as TicketPriority,
    status: r.status as TicketStatus,
    customerId: Number(r.customerId),
    customerContactId: idOrNull(r.customerContactId),
    contractId: idOrNull(r.contractId),
    productId: idOrNull(r.productId),
    problemDescription: r.problemDescription,
    problemAnalysis: r.problemAnalysis ?? null,
    solution: r.solution ?? null,
    expectedResolveDate: dayOrNull(r.expectedResolveDate),
    attachmentUrls: parseUrls(r.attachmentUrls),
    solutionAttachmentUrls: parseUrls(r.solutionAttachmentUrls),
    isUnderWarranty: Boolean(r.isUnderWarranty),
    warrantyStatus: r.warrantyStatus as WarrantyStatus,
    warrantyStartDate: dayOrNull(r.warrantyStartDate),
    warrantyEndDate: dayOrNull(r.warrantyEndDate),
    warrantyDaysLeft: r.warrantyDaysLeft === null ? null : Number(r.warrantyDaysLeft),
    serviceFee: money(r.serviceFee),
    partsCost: money(r.partsCost),
    totalCost: money(r.totalCost),
    paymentStatus: (r.paymentStatus ?? null) as TicketPaymentStatus | null,
    assignedTo: idOrNull(r.assignedTo),
    assignedAt: dateOrNull(r.assignedAt),
    reportedAt: new Date(r.reportedAt),
    firstResponseAt: dateOrNull(r.firstResponseAt),
    resolvedAt: dateOrNull(r.resolvedAt),
    resolvedBy: idOrNull(r.resolvedBy),
    closedAt: dateOrNull(r.closedAt),
    closedBy: idOrNull(r.closedBy),
    closeNote: r.closeNote ?? null,
    customerRating: r.customerRating === null || r.customerRating === undefined ? null : Number(r.customerRating),
    customerFeedback: r.customerFeedback ?? null,
    ratedAt: dateOrNull(r.ratedAt),
    ratedBy: idOrNull(r.ratedBy),
    createdBy: idOrNull(r.createdBy),
    updatedBy: idOrNull(r.updatedBy),
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
  };
}
