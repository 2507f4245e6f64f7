import type { FactoryOrder } from '@app/shared';
import { fetchProfile } from '../../api/auth';
import { ApiError } from '../../api/request';
import { sessionToken } from '../../api/session';

/** The factory of the session it was read in (another sign-in reads it again). */
let known: { token: string | null; factoryId: string } | null = null;

/** The signed-in user's factory (from the profile's binding), read once per session. */
export async function myFactoryId(): Promise<string> {
  const token = sessionToken();
  if (known && known.token === token) return known.factoryId;
  const profile = await fetchProfile();
  if (!profile.factoryBinding) throw new ApiError(403, 'NOT_BOUND', '未绑定工厂，请先在“我的”中绑定工厂邀请码');
  known = { token: sessionToken(), factoryId: profile.factoryBinding.factoryId };
  return known.factoryId;
}

/** `2 × 1200×800 智能窗帘` lines of an order, as a factory reads them. */
export function lineText(line: FactoryOrder['lines'][number]): string {
  const size = line.width && line.height ? `${line.width}×${line.height} ` : '';
  const room = line.room_name ? `（${line.room_name}）` : '';
  return `${line.product_name}${room} ${size}× ${line.quantity}${line.unit ?? ''}`;
}

/** A fresh Idempotency-Key: unique enough per user (the server keys them per user). */
export function newIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
