import type { LogisticsCompany } from '@app/shared';
import { AppError } from '../../http/app-error';

/** A company a courier API can track: every logistics company but self pickup. */
export type CourierCode = Exclude<LogisticsCompany, 'SELF_PICKUP'>;

/** 002 §6.2 `companyName`. */
export const COMPANY_NAMES: Readonly<Record<LogisticsCompany, string>> = {
  SF: '顺丰速运',
  DB: '德邦快递',
  ZTO: '中通快递',
  YTO: '圆通速递',
  STO: '申通快递',
  SELF_PICKUP: '自提',
};

export const isCourier = (company: string | null): company is CourierCode =>
  company !== null && company !== 'SELF_PICKUP' && company in COMPANY_NAMES;

/** One step of a parcel's way, as 002 §6.2 shows it: time in ISO 8601 UTC, status in Chinese. */
export interface TrackEvent {
  time: string;
  status: string;
  location: string | null;
  description: string;
}

/** What a courier says about a parcel, whatever the provider. */
export interface LogisticsTrace {
  /** The provider's main state (Kuaidi100: 0 在途, 1 揽收, 2 疑难, 3 签收, …); null when it knows nothing yet. */
  state: number | null;
  stateText: string;
  signed: boolean;
  /** When the parcel was signed for, when it was and the provider says when. */
  signedAt: Date | null;
  /** Oldest first. */
  events: TrackEvent[];
  estimatedDelivery: string | null;
}

export interface SubscribeResult {
  subscribed: boolean;
  message: string;
}

/** The body of a pushed update, exactly as it arrived (both fields may be missing in a forged request). */
export interface PushForm {
  param: string | null;
  sign: string | null;
}

/** A verified push: which parcel, what the courier says now. */
export interface LogisticsPush extends LogisticsTrace {
  trackingNumber: string;
  /** Our company code when the provider named one we know. */
  company: CourierCode | null;
  /** The provider's own note (e.g. Kuaidi100 `message`, "3天查询无记录"). */
  message: string;
  /** The provider's subscription state (Kuaidi100 `status`: polling, shutdown, abort, updateall). */
  pushStatus: string;
}

/** The courier API (Kuaidi100 in production): query, subscribe to pushes, verify a push. */
export interface LogisticsClient {
  readonly enabled: boolean;
  /** Throws LOGISTICS_API_ERROR on any failure of the provider (never hangs beyond the timeout). */
  track(company: CourierCode, trackingNumber: string, phone?: string | null): Promise<LogisticsTrace>;
  /** Asks the provider to push updates; throws LOGISTICS_API_ERROR when it refuses or fails. */
  subscribe(company: CourierCode, trackingNumber: string, phone?: string | null): Promise<SubscribeResult>;
  /** Checks the signature and reads the push; SIGNATURE_INVALID (never processed) or BAD_REQUEST. */
  verifyPush(form: PushForm): LogisticsPush;
}

/** No KUAIDI100_KEY: tracking answers LOGISTICS_API_ERROR, nothing is subscribed, every push is refused. */
export class DisabledLogisticsClient implements LogisticsClient {
  readonly enabled = false;

  async track(): Promise<LogisticsTrace> {
    throw new AppError('LOGISTICS_API_ERROR', '物流查询未配置');
  }

  async subscribe(): Promise<SubscribeResult> {
    return { subscribed: false, message: '物流推送未配置' };
  }

  verifyPush(): LogisticsPush {
    throw new AppError('SIGNATURE_INVALID', '物流推送未配置');
  }
}
