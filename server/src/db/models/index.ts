import type { Sequelize } from 'sequelize';
import { ApiCallLogModel, JobLockModel, NumberSequenceModel, OperationLogModel } from './log.model';
import { CustomerModel, FactoryModel, InviteCodeModel } from './organization.model';
import { ProductCategoryModel, ProductModel } from './product.model';
import { PermissionModel, RoleModel, RolePermissionModel, UserRoleModel } from './role.model';
import { UserModel } from './user.model';

export {
  ApiCallLogModel,
  CustomerModel,
  FactoryModel,
  InviteCodeModel,
  JobLockModel,
  NumberSequenceModel,
  OperationLogModel,
  PermissionModel,
  ProductCategoryModel,
  ProductModel,
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
    FactoryModel,
    InviteCodeModel,
    OperationLogModel,
    ApiCallLogModel,
    JobLockModel,
    NumberSequenceModel,
    ProductCategoryModel,
    ProductModel,
  ]) {
    model.initWith(sequelize);
  }
}
