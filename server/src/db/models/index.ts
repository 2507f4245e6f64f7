import type { Sequelize } from 'sequelize';
import {
  ContractAmendmentModel,
  ContractFileModel,
  ContractItemModel,
  ContractModel,
  ContractPaymentStageModel,
} from './contract.model';
import { ApiCallLogModel, JobLockModel, NumberSequenceModel, OperationLogModel } from './log.model';
import {
  CustomerContactModel,
  CustomerEventModel,
  CustomerFollowUpModel,
  CustomerModel,
  CustomerSearchTermModel,
} from './crm.model';
import { FactoryModel, InviteCodeModel } from './organization.model';
import { JiedanModel } from './jiedan.model';
import {
  IdempotencyKeyModel,
  OrderEventModel,
  OrderItemModel,
  OrderModel,
  OrderStatusCountModel,
  PurchaseOrderItemModel,
  PurchaseOrderModel,
} from './order.model';
import { OrderCancelRequestModel, OrderChangeRequestModel } from './order-request.model';
import { ProductCategoryModel, ProductModel } from './product.model';
import { OrderProgressModel } from './progress.model';
import { QuotationEventModel, QuotationItemModel, QuotationModel } from './quotation.model';
import { PermissionModel, RoleModel, RolePermissionModel, UserRoleModel } from './role.model';
import { UploadModel } from './upload.model';
import { InvoiceModel, PaymentModel } from './finance.model';
import { ServiceTicketLogModel, ServiceTicketModel, ServiceTicketPartModel } from './ticket.model';
import { ShipmentItemModel, ShipmentLogModel, ShipmentModel } from './shipment.model';
import { TaskModel } from './task.model';
import { UserModel } from './user.model';
import { WechatAccessTokenModel, WechatMessageLogModel, WechatSubscriptionModel } from './wechat-notice.model';

export {
  TaskModel,
  ShipmentItemModel,
  ShipmentLogModel,
  ShipmentModel,
  InvoiceModel,
  PaymentModel,
  ServiceTicketLogModel,
  ServiceTicketModel,
  ServiceTicketPartModel,
  ContractAmendmentModel,
  ContractFileModel,
  ContractPaymentStageModel,
  WechatAccessTokenModel,
  WechatMessageLogModel,
  WechatSubscriptionModel,
  JiedanModel,
  UploadModel,
  OrderProgressModel,
  IdempotencyKeyModel,
  OrderCancelRequestModel,
  OrderChangeRequestModel,
  OrderEventModel,
  OrderItemModel,
  OrderModel,
  OrderStatusCountModel,
  PurchaseOrderItemModel,
  PurchaseOrderModel,
  ApiCallLogModel,
  ContractItemModel,
  ContractModel,
  CustomerContactModel,
  CustomerEventModel,
  CustomerFollowUpModel,
  CustomerModel,
  CustomerSearchTermModel,
  FactoryModel,
  InviteCodeModel,
  JobLockModel,
  NumberSequenceModel,
  OperationLogModel,
  PermissionModel,
  ProductCategoryModel,
  ProductModel,
  QuotationEventModel,
  QuotationItemModel,
  QuotationModel,
  RoleModel,
  RolePermissionModel,
  UserModel,
  UserRoleModel,
};

/** Binds every model to one Sequelize instance. Called once per Database. */
export function initModels(sequelize: Sequelize): void {
  for (const model of [
    UserModel,
    RoleModel,
    PermissionModel,
    RolePermissionModel,
    UserRoleModel,
    CustomerModel,
    CustomerContactModel,
    CustomerFollowUpModel,
    CustomerEventModel,
    CustomerSearchTermModel,
    FactoryModel,
    InviteCodeModel,
    OperationLogModel,
    ApiCallLogModel,
    JobLockModel,
    NumberSequenceModel,
    ProductCategoryModel,
    ProductModel,
    QuotationModel,
    QuotationItemModel,
    QuotationEventModel,
    ContractModel,
    ContractItemModel,
    ContractPaymentStageModel,
    ContractAmendmentModel,
    ContractFileModel,
    PaymentModel,
    InvoiceModel,
    IdempotencyKeyModel,
    OrderCancelRequestModel,
    OrderChangeRequestModel,
    OrderEventModel,
    OrderItemModel,
    OrderModel,
    OrderStatusCountModel,
    PurchaseOrderItemModel,
    PurchaseOrderModel,
    OrderProgressModel,
    UploadModel,
    JiedanModel,
    ServiceTicketModel,
    ServiceTicketPartModel,
    ServiceTicketLogModel,
    WechatSubscriptionModel,
    WechatMessageLogModel,
    WechatAccessTokenModel,
    ShipmentModel,
    ShipmentItemModel,
    ShipmentLogModel,
    TaskModel,
  ]) {
    model.initWith(sequelize);
  }
}
