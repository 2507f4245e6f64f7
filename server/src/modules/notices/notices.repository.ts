import { literal, Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { UserModel, WechatAccessTokenModel, WechatMessageLogModel, WechatSubscriptionModel } from '../../db/models';
import type { StoredToken, TokenStore } from '../../integrations/wechat/wechat-token.manager';

export type GrantResult = 'accept' | 'reject' | 'ban' | 'filter';

export interface SubscriptionRecord {
  templateId: string;
  remaining: number;
  lastResult: string;
}

/** One line of the send log. */
export interface MessageLogEntry {
  userId: number | null;
  openid: string;
  templateId: string;
  page: string | null;
  source: 'api' | 'progress' | 'shipped' | 'delivered';
  orderId: number | null;
  result: 'sent' | 'refused' | 'no_grant' | 'invalid' | 'failed';
  errcode: number | null;
  errmsg: string | null;
  msgid: string | null;
  createdAt: Date;
}

/** A bound user of a company who allows at least one more message of a template. */
export interface NoticeRecipient {
  userId: number;
  openid: string;
}

const toSubscription = (r: WechatSubscriptionModel): SubscriptionRecord => ({
  templateId: r.templateId,
  remaining: Number(r.remaining),
  lastResult: r.lastResult,
});

/** Grants (one send per accept), the send log, and who of a company can be sent a notice. */
export class NoticesRepository {
  constructor(private readonly db: Database) {}

  /** What `requestSubscribeMessage` answered: accept adds one send; ban clears them; the rest is noted. */
  async recordGrants(userId: number, results: Record<string, GrantResult>, now: Date): Promise<SubscriptionRecord[]> {
    return this.db.transaction(async (t) => {
      const out: SubscriptionRecord[] = [];
      for (const [templateId, result] of Object.entries(results)) {
        out.push(await this.recordGrant(userId, templateId, result, now, t));
      }
      return out;
    });
  }

  private async recordGrant(
    userId: number,
    templateId: string,
    result: GrantResult,
    now: Date,
    t: Transaction,
  ): Promise<SubscriptionRecord> {
    const where = { userId, templateId };
    const row = await WechatSubscriptionModel.findOne({ where, transaction: t, lock: t.LOCK.UPDATE });
    const add = result === 'accept' ? 1 : 0;
    if (!row) {
      try {
        const created = await WechatSubscriptionModel.create(
          { userId, templateId, remaining: add, lastResult: result, createdAt: now, updatedAt: now },
          { transaction: t },
        );
        return toSubscription(created);
      } catch (err) {
        if (!(err instanceof UniqueConstraintError)) throw err;
        return this.recordGrant(userId, templateId, result, now, t);
      }
    }
    const remaining = result === 'ban' ? 0 : Number(row.remaining) + add;
    await row.update({ remaining, lastResult: result, updatedAt: now }, { transaction: t });
    return toSubscription(row);
  }

  async listGrants(userId: number): Promise<SubscriptionRecord[]> {
    const rows = await WechatSubscriptionModel.findAll({ where: { userId }, order: [['templateId', 'ASC']] });
    return rows.map(toSubscription);
  }

  /** Spends one send of a grant; false when none is left. One conditional UPDATE, so two sends never share one. */
  async spend(userId: number, templateId: string, now: Date): Promise<boolean> {
    const [n] = await this.db.write(() =>
      WechatSubscriptionModel.update(
        { remaining: literal('remaining - 1'), updatedAt: now },
        { where: { userId, templateId, remaining: { [Op.gt]: 0 } } },
      ),
    );
    return n === 1;
  }

  /** WeChat did not deliver (data invalid, token refused twice): the send it did not use is given back. */
  async refund(userId: number, templateId: string, now: Date): Promise<void> {
    await this.db.write(() =>
      WechatSubscriptionModel.update(
        { remaining: literal('remaining + 1'), updatedAt: now },
        { where: { userId, templateId } },
      ),
    );
  }

  /** 43101: WeChat says the user allows none; what we counted is cleared. */
  async clear(userId: number, templateId: string, now: Date): Promise<void> {
    await this.db.write(() =>
      WechatSubscriptionModel.update(
        { remaining: 0, lastResult: 'refused', updatedAt: now },
        { where: { userId, templateId } },
      ),
    );
  }

  async log(entry: MessageLogEntry): Promise<void> {
    await this.db.write(() =>
      WechatMessageLogModel.create({ ...entry, errmsg: entry.errmsg === null ? null : entry.errmsg.slice(0, 255) }),
    );
  }

  async openidOf(userId: number): Promise<string | null> {
    const row = await UserModel.findByPk(userId, { attributes: ['openid'] });
    return row?.openid ?? null;
  }

  /** Active WeChat users bound to the company who allow at least one more message of the template. */
  async recipients(customerId: number, templateId: string): Promise<NoticeRecipient[]> {
    const grants = await WechatSubscriptionModel.findAll({
      where: { templateId, remaining: { [Op.gt]: 0 } },
      attributes: ['userId'],
    });
    if (grants.length === 0) return [];
    const users = await UserModel.findAll({
      where: {
        id: grants.map((g) => g.userId),
        customerId,
        userType: 'wechat',
        isActive: true,
        openid: { [Op.ne]: null },
      },
      attributes: ['id', 'openid'],
      order: [['id', 'ASC']],
    });
    return users.map((u) => ({ userId: Number(u.id), openid: String(u.openid) }));
  }
}

/** The shared access_token in `wechat_access_tokens` (no Redis configured). */
export class DatabaseTokenStore implements TokenStore {
  constructor(
    private readonly db: Database,
    private readonly name: string,
  ) {}

  async read(): Promise<StoredToken | null> {
    const row = await WechatAccessTokenModel.findByPk(this.name);
    return row ? { token: row.token, expiresAt: new Date(row.expiresAt).getTime() } : null;
  }

  async write(token: StoredToken): Promise<void> {
    const now = new Date();
    await this.db.write(() =>
      WechatAccessTokenModel.upsert({
        name: this.name,
        token: token.token,
        expiresAt: new Date(token.expiresAt),
        updatedAt: now,
      }),
    );
  }
}
