/**
 * The charts of one aggressor's card: its metadata inside vs outside (bars
 * for categories, distributions for numbers) and the loss against its most
 * telling field. Field names and values travel as data, never as keys.
 */
import type { MetadataDifference } from '../analysis/metadata/types.ts';
import { distributionSpec } from './distribution-chart.ts';
import { formatCount } from './format.ts';
import { GROUP_COLOUR, groupOf, numberOf, type Group } from './inside-outside.ts';
import type { ChartSpec } from './map-chart.ts';
import { MISSING } from './metadata-fields.ts';
import { subsample } from './subsample.ts';
import type { ReportAggressor, ReportSample } from './types.ts';

/** Differences drawn per card, most significant first. */
const MAX_DIFFERENCES = 6;
/** Numeric fields drawn as distributions per card. */
const MAX_DISTRIBUTIONS = 2;
/** Points of the loss-against-field scatter. */
const MAX_SCATTER_POINTS = 1500;
/** Categories of the loss-against-field bars. */
const MAX_LEVELS = 10;

export interface CardCharts {
  shares: ChartSpec | null;
  distributions: ChartSpec[];
  lossByField: ChartSpec | null;
}

export function cardCharts(
  aggressor: ReportAggressor,
  samples: readonly ReportSample[],
  seed: number,
): CardCharts {
  const members = new Set(aggressor.sampleIds);
  const differences = aggressor.metadata.slice(0, MAX_DIFFERENCES);
  const shares = differences.filter((d) => d.measure === 'share');
  const means = differences.filter((d) => d.measure === 'mean');
  const telling = aggressor.metadata[0];

  return {
    shares: shares.length > 0 ? sharesSpec(shares) : null,
    distributions: means
      .slice(0, MAX_DISTRIBUTIONS)
      .map((d) => distributionSpec(d, samples, members)),
    lossByField: telling ? lossByFieldSpec(telling, samples, members, seed) : null,
  };
}

function categoryText(difference: MetadataDifference): string {
  const value = difference.value === null ? MISSING : String(difference.value);

  return `${difference.field} = ${value}`;
}

function sharesSpec(differences: readonly MetadataDifference[]): ChartSpec {
  const rows = differences.flatMap((d) => [
    { feature: categoryText(d), group: 'inside', share: d.inside },
    { feature: categoryText(d), group: 'outside', share: d.outside },
  ]);

  return {
    title: 'share of samples, inside vs outside',
    width: 300,
    data: { values: rows },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'feature', type: 'nominal', title: null, sort: null },
      yOffset: { field: 'group', type: 'nominal' },
      x: { field: 'share', type: 'quantitative', axis: { format: '.0%' } },
      color: GROUP_COLOUR,
    },
  };
}

function lossByFieldSpec(
  telling: MetadataDifference,
  samples: readonly ReportSample[],
  members: ReadonlySet<string>,
  seed: number,
): ChartSpec | null {
  const withValue = samples.filter((s) => telling.field in (s.metadata ?? {}));
  if (withValue.length === 0) return null;

  return telling.kind === 'numeric'
    ? lossScatterSpec(telling.field, withValue, members, seed)
    : lossBarsSpec(telling.field, withValue, members);
}

interface ScatterPoint {
  value: number;
  loss: number;
  group: Group;
}

/**
 * Loss against the field's value. Past `MAX_SCATTER_POINTS` each group is
 * subsampled (seeded), the members keeping up to half the points so a small
 * aggressor stays visible; the subtitle then says how many of how many.
 */
function lossScatterSpec(
  field: string,
  samples: readonly ReportSample[],
  members: ReadonlySet<string>,
  seed: number,
): ChartSpec {
  const all: Record<Group, ScatterPoint[]> = { inside: [], outside: [] };
  for (const s of samples) {
    const value = numberOf(s.metadata?.[field]);
    const group = groupOf(s, members);
    if (value !== null) all[group].push({ value, loss: s.loss, group });
  }
  const insideLimit = Math.min(
    all.inside.length,
    Math.max(MAX_SCATTER_POINTS - all.outside.length, MAX_SCATTER_POINTS / 2),
  );
  const shown: Record<Group, ScatterPoint[]> = {
    inside: upTo(all.inside, insideLimit, seed),
    outside: upTo(all.outside, MAX_SCATTER_POINTS - insideLimit, seed + 1),
  };

  return {
    title: {
      text: `loss against ${field}`,
      subtitle: ['the most telling field', ...sampledCaption(all, shown)],
    },
    width: 300,
    height: 220,
    data: { values: [...shown.outside, ...shown.inside] },
    mark: { type: 'circle', size: 14, opacity: 0.6 },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: field },
      y: { field: 'loss', type: 'quantitative' },
      color: GROUP_COLOUR,
    },
  };
}

function upTo<T>(items: readonly T[], limit: number, seed: number): T[] {
  return limit === 0 ? [] : subsample(items, limit, seed);
}

/**
 * "1,500 of 1,000,000 samples shown (seeded): all 40 inside, 1,460 of 999,960
 * outside"; none when all are.
 */
function sampledCaption(
  all: Record<Group, readonly unknown[]>,
  shown: Record<Group, readonly unknown[]>,
): string[] {
  const total = all.inside.length + all.outside.length;
  const drawn = shown.inside.length + shown.outside.length;
  if (drawn === total) return [];
  const part = (group: Group) =>
    shown[group].length === all[group].length
      ? `all ${formatCount(all[group].length)} ${group}`
      : `${formatCount(shown[group].length)} of ${formatCount(all[group].length)} ${group}`;

  return [
    `${formatCount(drawn)} of ${formatCount(total)} samples shown (seeded): ` +
      `${part('inside')}, ${part('outside')}`,
  ];
}

/** Mean loss per category, inside and outside, for the most frequent categories. */
function lossBarsSpec(
  field: string,
  samples: readonly ReportSample[],
  members: ReadonlySet<string>,
): ChartSpec {
  const sums = new Map<string, { count: number; total: number }>();
  for (const s of samples) {
    const raw = s.metadata?.[field];
    const level =
      raw === null || raw === undefined || raw === '' ? MISSING : String(raw);
    const key = JSON.stringify([level, groupOf(s, members)]);
    const sum = sums.get(key) ?? { count: 0, total: 0 };
    sums.set(key, { count: sum.count + 1, total: sum.total + s.loss });
  }
  const rows = [...sums].map(([key, { count, total }]) => {
    const [value, group] = JSON.parse(key) as [string, string];
    return { value, group, count, meanLoss: total / count };
  });
  const levels = topLevels(rows);

  return {
    title: { text: `loss against ${field}`, subtitle: 'the most telling field' },
    width: 300,
    data: { values: rows.filter((r) => levels.includes(r.value)) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'value', type: 'nominal', title: null, sort: levels },
      yOffset: { field: 'group', type: 'nominal' },
      x: { field: 'meanLoss', type: 'quantitative', title: 'mean loss' },
      color: GROUP_COLOUR,
    },
  };
}

function topLevels(rows: ReadonlyArray<{ value: string; count: number }>): string[] {
  const counts = new Map<string, number>();
  for (const { value, count } of rows)
    counts.set(value, (counts.get(value) ?? 0) + count);

  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_LEVELS)
    .map(([value]) => value);
}
