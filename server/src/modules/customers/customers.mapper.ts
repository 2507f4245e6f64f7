import type { Contact, Customer, CustomerEvent, CustomerStage, DuplicateCustomer, FollowUp } from '@app/shared';
import type { CustomerEventRecord, FollowUpRecord } from './customer-activity.repository';
import type { ContactRecord } from './customer-contacts.repository';
import type { CustomerRecord } from './customers.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCustomerDto(r: CustomerRecord, ownerName: string | null): Customer {
  return {
    customerId: r.id,
    customerCode: r.customerCode,
    customerName: r.customerName,
    customerType: r.customerType,
    customerLevel: r.customerLevel,
    customerStage: r.customerStage as CustomerStage,
    industry: r.industry,
    province: r.province,
    city: r.city,
    address: r.address,
    contactPhone: r.contactPhone,
    hotelRooms: r.hotelRooms,
    hotelStar: r.hotelStar,
    source: r.source,
    description: r.description,
    settlementType: r.settlementType === 'MONTHLY' ? 'MONTHLY' : 'PREPAID',
    ownerId: r.ownerId,
    ownerName,
    inPool: r.ownerId === null,
    stageUpdatedAt: iso(r.stageUpdatedAt),
    convertedAt: iso(r.convertedAt),
    lastFollowUpAt: iso(r.lastFollowUpAt),
    nextFollowUpAt: iso(r.nextFollowUpAt),
    lostReasonCode: r.lostReasonCode,
    lostReason: r.lostReason,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toContactDto(r: ContactRecord): Contact {
  return {
    contactId: r.id,
    customerId: r.customerId,
    contactName: r.contactName,
    position: r.position,
    mobile: r.mobile,
    wechat: r.wechat,
    email: r.email,
    isPrimary: r.isPrimary ? 1 : 0,
    description: r.description,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toFollowUpDto(r: FollowUpRecord, names: Map<number, string>): FollowUp {
  return {
    followUpId: r.id,
    customerId: r.customerId,
    followUpMethod: r.followUpMethod,
    contactPerson: r.contactPerson,
    followUpContent: r.followUpContent,
    customerFeedback: r.customerFeedback,
    nextFollowUpTime: iso(r.nextFollowUpTime),
    nextFollowUpContent: r.nextFollowUpContent,
    followUpResult: r.followUpResult,
    attachmentUrls: r.attachmentUrls,
    createdBy: r.createdBy,
    createdByName: r.createdBy === null ? null : (names.get(r.createdBy) ?? null),
    createdAt: r.createdAt.toISOString(),
  };
}

export function toEventDto(r: CustomerEventRecord): CustomerEvent {
  return {
    eventType: r.eventType,
    fromValue: r.fromValue,
    toValue: r.toValue,
    reasonCode: r.reasonCode,
    reason: r.reason,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toDuplicateDto(
  r: CustomerRecord & { matchedOn: ('name' | 'phone')[] },
  ownerName: string | null,
): DuplicateCustomer {
  return {
    customerId: r.id,
    customerCode: r.customerCode,
    customerName: r.customerName,
    contactPhone: r.contactPhone,
    ownerName,
    matchedOn: r.matchedOn,
  };
}
