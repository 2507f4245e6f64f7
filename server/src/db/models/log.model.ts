import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

export class OperationLogModel extends Model<
  InferAttributes<OperationLogModel>,
  InferCreationAttributes<OperationLogModel>
> {
  declare id: CreationOptional<number>;
  declare userId: number | null;
  declare username: string | null;
  declare moduleName: string;
  declare actionType: string;
  declare targetType: string | null;
  declare targetId: string | null;
  declare method: string;
  declare path: string;
  declare ip: string | null;
  declare userAgent: string | null;
  declare requestId: string | null;
  declare createdAt: Date;

  static initWith(sequelize: Sequelize): void {
    OperationLogModel.init(
      {
        id: col.id(),
        userId: col.ref(),
        username: col.str(64),
        moduleName: col.str(64, false),
        actionType: col.str(64, false),
        targetType: col.str(64),
        targetId: col.str(64),
        method: col.str(8, false),
        path: col.str(255, false),
        ip: col.str(64),
        userAgent: col.str(255),
        requestId: col.str(64),
        createdAt: { type: DataTypes.DATE(3), allowNull: false },
      },
      { sequelize, tableName: 'operation_logs', timestamps: false },
    );
  }
}

export class ApiCallLogModel extends Model<InferAttributes<ApiCallLogModel>, InferCreationAttributes<ApiCallLogModel>> {
  declare id: CreationOptional<number>;
  declare method: string;
  declare endpoint: string;
  declare statusCode: number;
  declare durationMs: number;
  declare userId: number | null;
  declare ip: string | null;
  declare requestId: string | null;
  declare createdAt: Date;

  static initWith(sequelize: Sequelize): void {
    ApiCallLogModel.init(
      {
        id: col.id(),
        method: { type: DataTypes.STRING(8), allowNull: false },
        endpoint: { type: DataTypes.STRING(255), allowNull: false },
        statusCode: { type: DataTypes.INTEGER, allowNull: false },
        durationMs: { type: DataTypes.INTEGER, allowNull: false },
        userId: col.ref(),
        ip: col.str(64),
        requestId: col.str(64),
        createdAt: { type: DataTypes.DATE(3), allowNull: false },
      },
      { sequelize, tableName: 'api_call_logs', timestamps: false },
    );
  }
}

export class JobLockModel extends Model<InferAttributes<JobLockModel>, InferCreationAttributes<JobLockModel>> {
  declare name: string;
  declare owner: string;
  declare lockedUntil: Date;

  static initWith(sequelize: Sequelize): void {
    JobLockModel.init(
      {
        name: { type: DataTypes.STRING(64), primaryKey: true },
        owner: { type: DataTypes.STRING(64), allowNull: false },
        lockedUntil: { type: DataTypes.DATE(3), allowNull: false },
      },
      { sequelize, tableName: 'job_locks', timestamps: false },
    );
  }
}

export class NumberSequenceModel extends Model<
  InferAttributes<NumberSequenceModel>,
  InferCreationAttributes<NumberSequenceModel>
> {
  declare name: string;
  declare value: number;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    NumberSequenceModel.init(
      {
        name: { type: DataTypes.STRING(64), primaryKey: true },
        value: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'number_sequences', createdAt: false },
    );
  }
}
