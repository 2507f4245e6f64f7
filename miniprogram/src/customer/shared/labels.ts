import type { ErpOrderStatus } from '@app/shared';
import type { Tone } from '../../components/status-tag';

/** Status tabs of the order search, in the order customers read them. */
export const ORDER_TABS: { key: ErpOrderStatus | 'all'; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'pending', label: '待处理' },
  { key: 'producing', label: '生产中' },
  { key: 'shipped', label: '已发货' },
  { key: 'completed', label: '已完成' },
  { key: 'cancelled', label: '已取消' },
];

const ORDER_STATUS: Record<ErpOrderStatus, { label: string; tone: Tone }> = {
  pending: { label: '待处理', tone: 'warning' },
  producing: { label: '生产中', tone: 'active' },
  shipped: { label: '已发货', tone: 'success' },
  completed: { label: '已完成', tone: 'success' },
  cancelled: { label: '已取消', tone: 'neutral' },
};

// A material's status shares the order vocabulary, but reads as a line's state: "completed" means made.
const MATERIAL_STATUS: Record<ErpOrderStatus, { label: string; tone: Tone }> = {
  pending: { label: '待排产', tone: 'neutral' },
  producing: { label: '生产中', tone: 'active' },
  completed: { label: '已完成', tone: 'success' },
  shipped: { label: '已发货', tone: 'success' },
  cancelled: { label: '已取消', tone: 'neutral' },
};

const unknownStatus = (status: string) => ({ label: status || '未知', tone: 'neutral' as Tone });

export const orderStatusOf = (status: string) => ORDER_STATUS[status as ErpOrderStatus] ?? unknownStatus(status);

export const materialStatusOf = (status: string) => MATERIAL_STATUS[status as ErpOrderStatus] ?? unknownStatus(status);

/** A material is done once made (in stock) or sent on. */
export const isMaterialDone = (status: string) => status === 'completed' || status === 'shipped';

export const STAGE_LABELS: Record<string, string> = {
  design: '设计',
  material: '备料',
  production: '生产',
  quality: '质检',
  packaging: '包装',
  shipping: '发货',
  custom: '其他',
};

const PROGRESS_STATUS: Record<string, { label: string; tone: Tone }> = {
  not_started: { label: '未开始', tone: 'neutral' },
  in_progress: { label: '进行中', tone: 'active' },
  completed: { label: '已完成', tone: 'success' },
  delayed: { label: '已延期', tone: 'danger' },
  on_hold: { label: '暂停', tone: 'warning' },
};

export const stageLabelOf = (type: string) => STAGE_LABELS[type] ?? '其他';

export const progressStatusOf = (status: string) => PROGRESS_STATUS[status] ?? unknownStatus(status);

const pad = (n: number) => String(n).padStart(2, '0');

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 2026-03-02 */
export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : '—';
}

/** 2026-03-02 10:05 */
export function formatTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}` : '—';
}
