import type { Sequelize } from 'sequelize';
import { ContractItemModel, ContractModel } from './contract.model';
import { ApiCallLogModel, JobLockModel, NumberSequenceModel, OperationLogModel } from './log.model';
import {
  CustomerContactModel,
  CustomerEventModel,
  CustomerFollowUpModel,
  CustomerModel,
  CustomerSearchTermModel,
} from './crm.model';
import { FactoryModel, InviteCodeModel } from './organization.model';
import {
  IdempotencyKeyModel,
  OrderCancelRequestModel,
  OrderChangeRequestModel,
  OrderEventModel,
  OrderItemModel,
  OrderModel,
  OrderStatusCountModel,
  PurchaseOrderItemModel,
  PurchaseOrderModel,
} from './order.model';
import { ProductCategoryModel, ProductModel } from './product.model';
import { QuotationEventModel, QuotationItemModel, QuotationModel } from './quotation.model';
import { PermissionModel, RoleModel, RolePermissionModel, UserRoleModel } from './role.model';
import { UserModel } from './user.model';

export {
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
    IdempotencyKeyModel,
    OrderCancelRequestModel,
    OrderChangeRequestModel,
    OrderEventModel,
    OrderItemModel,
    OrderModel,
    OrderStatusCountModel,
    PurchaseOrderItemModel,
    PurchaseOrderModel,
  ]) {
    model.initWith(sequelize);
  }
}
