import type { TicketDetail, TicketLog, TicketSummary } from '@app/shared';
import type { TicketLogRecord, TicketPartRecord, TicketRecord } from './tickets.repository';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export interface TicketNames {
  customer: string | null;
  assignee: string | null;
}

export function toTicketSummaryDto(r: TicketRecord, names: TicketNames): TicketSummary {
  return {
    ticketId: r.id,
    ticketNo: r.ticketNo,
    ticketType: r.ticketType,
    ticketTitle: r.ticketTitle,
    priority: r.priority,
    status: r.status,
    customerId: r.customerId,
    customerName: names.customer,
    contractId: r.contractId,
    productId: r.productId,
    isUnderWarranty: r.isUnderWarranty ? 1 : 0,
    warrantyStatus: r.warrantyStatus,
    warrantyEndDate: r.warrantyEndDate,
    warrantyDaysLeft: r.warrantyDaysLeft,
    expectedResolveDate: r.expectedResolveDate,
    assignedTo: r.assignedTo,
    assignedToName: names.assignee,
    reportedAt: r.reportedAt.toISOString(),
    firstResponseAt: iso(r.firstResponseAt),
    resolvedAt: iso(r.resolvedAt),
    closedAt: iso(r.closedAt),
    customerRating: r.customerRating,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toTicketLogDto(l: TicketLogRecord, authorName: string | null): TicketLog {
  return {
    logId: l.id,
    logType: l.logType,
    logContent: l.logContent,
    attachmentUrls: l.attachmentUrls,
    createdBy: l.createdBy,
    createdByName: authorName,
    createdAt: l.createdAt.toISOString(),
  };
}

export interface TicketDetailExtras extends TicketNames {
  contact: { contactName: string; phone: string | null } | null;
  product: string | null;
  parts: TicketPartRecord[];
  logs: TicketLog[];
}

export function toTicketDetailDto(r: TicketRecord, x: TicketDetailExtras): TicketDetail {
  return {
    ...toTicketSummaryDto(r, x),
    customerContactId: r.customerContactId,
    contactName: x.contact?.contactName ?? null,
    contactPhone: x.contact?.phone ?? null,
    productName: x.product,
    problemDescription: r.problemDescription,
    problemAnalysis: r.problemAnalysis,
    solution: r.solution,
    attachmentUrls: r.attachmentUrls,
    solutionAttachmentUrls: r.solutionAttachmentUrls,
    warrantyStartDate: r.warrantyStartDate,
    serviceFee: r.serviceFee,
    partsCost: r.partsCost,
    totalCost: r.totalCost,
    paymentStatus: r.paymentStatus,
    replacedParts: x.parts,
    resolvedBy: r.resolvedBy,
    closeNote: r.closeNote,
    closedBy: r.closedBy,
    customerFeedback: r.customerFeedback,
    ratedAt: iso(r.ratedAt),
    ratedBy: r.ratedBy,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
    logs: x.logs,
  };
}
