/** A card's two groups: the aggressor's members ("inside") and the rest of the run. */
import type { MetadataValue } from '../bundle/types.ts';
import type { ReportSample } from './types.ts';

export type Group = 'inside' | 'outside';

export const GROUP_COLOUR = {
  field: 'group',
  type: 'nominal',
  title: null,
  scale: { domain: ['inside', 'outside'], range: ['#d62728', '#8c8c8c'] },
};

export function groupOf(sample: ReportSample, members: ReadonlySet<string>): Group {
  return members.has(sample.id) ? 'inside' : 'outside';
}

/** A metadata value the charts can place on a numeric axis, else null. */
export function numberOf(value: MetadataValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
