import type { JiedanStatus, OrderStatus, ProgressStatus, ProgressType } from '@app/shared';
import type { Tone } from '../../components/status-tag';

/* Label tables of the factory pages (kept here: values from @app/shared would pull zod into the bundle). */

export const BID_STATUS: Record<JiedanStatus, { label: string; tone: Tone }> = {
  pending: { label: '待处理', tone: 'warning' },
  accepted: { label: '已中标', tone: 'success' },
  rejected: { label: '未中标', tone: 'danger' },
};

export const ORDER_STATUS: Record<OrderStatus, { label: string; tone: Tone }> = {
  PENDING_CONFIRMATION: { label: '待确认', tone: 'neutral' },
  PENDING_PO: { label: '待下单', tone: 'neutral' },
  PENDING_PRODUCTION: { label: '生产中', tone: 'active' },
  PENDING_DELIVERY: { label: '待发货', tone: 'active' },
  PENDING_SHIPMENT: { label: '待出库', tone: 'active' },
  SHIPPED: { label: '已发货', tone: 'success' },
  DELIVERED: { label: '已签收', tone: 'success' },
  COMPLETED: { label: '已完成', tone: 'success' },
  HALTED: { label: '已暂停', tone: 'warning' },
  CANCELLED: { label: '已取消', tone: 'danger' },
};

export const PROGRESS_TYPES: { value: ProgressType; label: string }[] = [
  { value: 'design', label: '设计' },
  { value: 'material', label: '备料' },
  { value: 'production', label: '生产' },
  { value: 'quality', label: '质检' },
  { value: 'packaging', label: '包装' },
  { value: 'shipping', label: '发货' },
  { value: 'custom', label: '其他' },
];

/** `delayed` is not offered: the server shows it by itself when a stage is past its plan. */
export const PROGRESS_STATUSES: { value: ProgressStatus; label: string }[] = [
  { value: 'not_started', label: '未开始' },
  { value: 'in_progress', label: '进行中' },
  { value: 'completed', label: '已完成' },
  { value: 'on_hold', label: '暂停' },
];

export const PROGRESS_STATUS_TAG: Record<ProgressStatus, { label: string; tone: Tone }> = {
  not_started: { label: '未开始', tone: 'neutral' },
  in_progress: { label: '进行中', tone: 'active' },
  completed: { label: '已完成', tone: 'success' },
  delayed: { label: '已延期', tone: 'danger' },
  on_hold: { label: '暂停', tone: 'warning' },
};

export const labelOf = <T extends string>(options: { value: T; label: string }[], value: T): string =>
  options.find((o) => o.value === value)?.label ?? value;

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-03-02 10:05` in the phone's time zone. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ¥1,500.50 */
export function money(value: number | string): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
