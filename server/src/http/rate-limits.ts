import type { RateLimitRule } from './route';

const perMinute = (points: number, by: RateLimitRule['by']): RateLimitRule => ({ points, durationSec: 60, by });

/**
 * The documented limits, in one place (003 gives each endpoint's; the rest are ours). Routes name
 * these; every route also has the default limit (`RATE_LIMIT_DEFAULT_PER_MIN` per user or IP). The 003 order
 * reads (30/min search, 60/min the others) are configuration of the ERP module (`ERP_RATE_*_PER_MIN`).
 */
export const RATE_LIMITS = {
  /** 003: wx-login 10/min (per client IP: the caller has no identity yet). */
  wxLogin: [perMinute(10, 'ip')],
  /** 003: bind-company 5/min, per user AND per IP, so neither many IPs nor many accounts can guess codes. */
  bindCompany: [perMinute(5, 'user'), perMinute(5, 'ip')],
  /** 003: wechat/template-msg 10/min. */
  templateMessage: [perMinute(10, 'user')],
  /** 003: user/profile 30/min. */
  wxProfile: [perMinute(30, 'user')],
  /** Staff password login: slows down password guessing from one address. */
  staffLogin: [perMinute(20, 'ip')],
  /** Password change: each attempt checks the old password. */
  passwordChange: [perMinute(10, 'user')],
} as const satisfies Record<string, readonly RateLimitRule[]>;
