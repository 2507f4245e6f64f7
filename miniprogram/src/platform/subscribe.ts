import Taro from '@tarojs/taro';
import { isWeapp } from './env';

export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';

/**
 * WeChat's subscribe dialog for these templates (it must follow a tap). Answers what the user chose per template;
 * null outside WeChat, where there is no such dialog.
 */
export async function askToSubscribe(templateIds: string[]): Promise<Record<string, SubscribeResult> | null> {
  if (!isWeapp || templateIds.length === 0) return null;
  // WeChat answers one entry per template id (typed by miniprogram-api-typings), besides errMsg.
  const res = (await Taro.requestSubscribeMessage({
    tmplIds: templateIds,
    entityIds: [],
  })) as unknown as WechatMiniprogram.RequestSubscribeMessageSuccessCallbackResult;
  const results: Record<string, SubscribeResult> = {};
  for (const id of templateIds) {
    const r: unknown = res[id];
    if (r === 'accept' || r === 'reject' || r === 'ban' || r === 'filter') results[id] = r;
  }
  return results;
}
