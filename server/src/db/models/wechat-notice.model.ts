import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { col } from './columns';

/** 003: how many subscribe messages of one template a user still allows (one per accept). */
export class WechatSubscriptionModel extends Model<
  InferAttributes<WechatSubscriptionModel>,
  InferCreationAttributes<WechatSubscriptionModel>
> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare templateId: string;
  declare remaining: number;
  declare lastResult: string;
  declare createdAt: Date;
  declare updatedAt: Date;

  static initWith(sequelize: Sequelize): void {
    WechatSubscriptionModel.init(
      {
        id: col.id(),
        userId: { type: DataTypes.BIGINT, allowNull: false },
        templateId: col.str(128, false),
        remaining: { type: DataTypes.INTEGER, allowNull: false },
        lastResult: col.str(16, false),
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'wechat_subscriptions', timestamps: false },
    );
  }
}

/** 003: one subscribe-message send and what WeChat (or our own checks) answered. */
export class WechatMessageLogModel extends Model<
  InferAttributes<WechatMessageLogModel>,
  InferCreationAttributes<WechatMessageLogModel>
> {
  declare id: CreationOptional<number>;
  declare userId: number | null;
  declare openid: string;
  declare templateId: string;
  declare page: string | null;
  declare source: string;
  declare orderId: number | null;
  declare result: string;
  declare errcode: number | null;
  declare errmsg: string | null;
  declare msgid: string | null;
  declare createdAt: Date;

  static initWith(sequelize: Sequelize): void {
    WechatMessageLogModel.init(
      {
        id: col.id(),
        userId: col.ref(),
        openid: col.str(128, false),
        templateId: col.str(128, false),
        page: col.str(1024),
        source: col.str(16, false),
        orderId: col.ref(),
        result: col.str(16, false),
        errcode: { type: DataTypes.INTEGER, allowNull: true },
        errmsg: col.str(255),
        msgid: col.str(64),
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'wechat_message_logs', timestamps: false },
    );
  }
}

/** The WeChat access_token shared by every instance when no Redis is configured. */
export class WechatAccessTokenModel extends Model<
  InferAttributes<WechatAccessTokenModel>,
  InferCreationAttributes<WechatAccessTokenModel>
> {
  declare name: string;
  declare token: string;
  declare expiresAt: Date;
  declare updatedAt: Date;

  static initWith(sequelize: Sequelize): void {
    WechatAccessTokenModel.init(
      {
        name: { type: DataTypes.STRING(64), primaryKey: true },
        token: col.str(1024, false),
        expiresAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'wechat_access_tokens', timestamps: false },
    );
  }
}
