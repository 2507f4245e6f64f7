import type { BindResult, WxUserProfile } from '@app/shared';
import { request } from './request';

export const fetchProfile = () => request<WxUserProfile>('/api/user/profile');

export const bindCompany = (inviteCode: string) =>
  request<BindResult>('/api/auth/bind-company', { method: 'POST', data: { inviteCode } });
