/**
 * The run's metadata fields as the map can colour by them. Field names are
 * untrusted, so a chart refers to each by a generated key (`m0`, `m1`, …)
 * and shows the name only as text.
 */
import type { MetadataValue } from '../bundle/types.ts';
import type { ReportSample } from './types.ts';

/** Categories shown by name; the rest are grouped as `(other)`. */
export const MAX_CATEGORIES = 9;
export const OTHER = '(other)';
export const MISSING = '(missing)';

export interface MapField {
  key: string;
  name: string;
  kind: 'numeric' | 'categorical';
  /** Category names shown, most frequent first (categorical only). */
  levels: string[];
}

export function mapFields(samples: readonly ReportSample[]): MapField[] {
  const names = new Set<string>();
  for (const sample of samples) {
    for (const name of Object.keys(sample.metadata ?? {})) names.add(name);
  }

  return [...names].sort().map((name, index) => {
    const values = samples.map((s) => s.metadata?.[name] ?? null);
    const numeric = values.every((v) => v === null || typeof v === 'number');

    return numeric
      ? { key: `m${index}`, name, kind: 'numeric', levels: [] }
      : { key: `m${index}`, name, kind: 'categorical', levels: topLevels(values) };
  });
}

function topLevels(values: readonly MetadataValue[]): string[] {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value === null || value === '') continue;
    const level = String(value);
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }

  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_CATEGORIES)
    .map(([level]) => level);
}

/** A sample's value of the field as the map plots it. */
export function fieldValue(
  field: MapField,
  value: MetadataValue | undefined,
): number | string | null {
  if (field.kind === 'numeric') return typeof value === 'number' ? value : null;
  if (value === null || value === undefined || value === '') return MISSING;
  const level = String(value);

  return field.levels.includes(level) ? level : OTHER;
}
