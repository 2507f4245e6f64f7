import { DataTypes, type QueryInterface } from 'sequelize';
import { idColumn, refColumn, tableOptions, time } from './column-types';

/** 003: subscribe-message grants per user and template, the send log, and the shared WeChat access_token. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable(
    'wechat_subscriptions',
    {
      id: idColumn(qi),
      userId: refColumn(qi, false),
      templateId: { type: DataTypes.STRING(128), allowNull: false },
      /** Sends still allowed: one per 'accept' of requestSubscribeMessage, one spent per send. */
      remaining: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      /** The last thing learnt: accept / reject / ban / filter from the client, refused (43101) from WeChat. */
      lastResult: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: time(),
      updatedAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('wechat_subscriptions', ['userId', 'templateId'], {
    name: 'ux_wechat_subscriptions_user_template',
    unique: true,
  });
  // The notice fan-out: who of a company holds a grant for a template.
  await qi.addIndex('wechat_subscriptions', ['templateId', 'remaining'], { name: 'ix_wechat_subscriptions_template' });

  await qi.createTable(
    'wechat_message_logs',
    {
      id: idColumn(qi),
      userId: refColumn(qi),
      openid: { type: DataTypes.STRING(128), allowNull: false },
      templateId: { type: DataTypes.STRING(128), allowNull: false },
      page: { type: DataTypes.STRING(1024), allowNull: true },
      /** api (POST /api/wechat/template-msg) or the notice: progress / shipped / delivered. */
      source: { type: DataTypes.STRING(16), allowNull: false },
      orderId: refColumn(qi),
      /** sent, refused (43101), no_grant, invalid (47003 or our own check), failed. */
      result: { type: DataTypes.STRING(16), allowNull: false },
      errcode: { type: DataTypes.INTEGER, allowNull: true },
      errmsg: { type: DataTypes.STRING(255), allowNull: true },
      msgid: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: time(),
    },
    tableOptions,
  );
  await qi.addIndex('wechat_message_logs', ['userId', 'createdAt'], { name: 'ix_wechat_message_logs_user' });
  await qi.addIndex('wechat_message_logs', ['orderId'], { name: 'ix_wechat_message_logs_order' });

  // The access_token every instance shares when no Redis is configured.
  await qi.createTable(
    'wechat_access_tokens',
    {
      name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
      token: { type: DataTypes.STRING(1024), allowNull: false },
      expiresAt: time(),
      updatedAt: time(),
    },
    tableOptions,
  );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('wechat_access_tokens');
  await qi.dropTable('wechat_message_logs');
  await qi.dropTable('wechat_subscriptions');
}
