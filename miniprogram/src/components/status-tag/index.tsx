import { Text } from '@tarojs/components';
import './index.scss';

export type Tone = 'neutral' | 'active' | 'success' | 'warning' | 'danger';

/** A short coloured label for a status. */
export default function StatusTag({ label, tone = 'neutral' }: { label: string; tone?: Tone }) {
  return <Text className={`status-tag status-tag--${tone}`}>{label}</Text>;
}
