import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

/** 004 §8 to-do tasks. `sourceKey` is set on generated tasks only (unique: jobs insert-or-ignore). */
export class TaskModel extends Model<InferAttributes<TaskModel>, InferCreationAttributes<TaskModel>> {
  declare id: CreationOptional<number>;
  declare taskType: string;
  declare taskTitle: string;
  declare taskDescription: string | null;
  declare priority: string;
  declare status: string;
  declare sourceType: string | null;
  declare sourceId: number | null;
  declare sourceKey: string | null;
  declare dueDate: string;
  declare dueTime: string | null;
  declare dueAt: Date;
  declare originalDueDate: CreationOptional<string | null>;
  declare assigneeId: number | null;
  declare assignedAt: CreationOptional<Date | null>;
  declare assignReason: CreationOptional<string | null>;
  declare deferReason: CreationOptional<string | null>;
  declare deferCount: CreationOptional<number>;
  declare resultNote: CreationOptional<string | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare completedBy: CreationOptional<number | null>;
  declare overdueAt: CreationOptional<Date | null>;
  declare createdBy: number | null;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initWith(sequelize: Sequelize): void {
    TaskModel.init(
      {
        id: col.id(),
        taskType: col.str(32, false),
        taskTitle: col.str(128, false),
        taskDescription: { type: DataTypes.TEXT, allowNull: true },
        priority: col.str(16, false),
        status: col.str(16, false),
        sourceType: col.str(32),
        sourceId: col.ref(),
        sourceKey: col.str(96),
        dueDate: { type: DataTypes.DATEONLY, allowNull: false },
        dueTime: col.str(8),
        dueAt: { type: DataTypes.DATE(3), allowNull: false },
        originalDueDate: { type: DataTypes.DATEONLY, allowNull: true },
        assigneeId: col.ref(),
        assignedAt: col.time(),
        assignReason: col.str(500),
        deferReason: col.str(500),
        deferCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        resultNote: { type: DataTypes.TEXT, allowNull: true },
        completedAt: col.time(),
        completedBy: col.ref(),
        overdueAt: col.time(),
        createdBy: col.ref(),
        updatedBy: col.ref(),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'tasks' },
    );
  }
}
