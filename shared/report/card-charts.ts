/**
 * The charts of one aggressor's card: its metadata inside vs outside (bars
 * for categories, distributions for numbers) and the loss against its most
 * telling field. Field names and values travel as data, never as keys.
 */
import type { MetadataDifference } from '../analysis/metadata/types.ts';
import type { MetadataValue } from '../bundle/types.ts';
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

const GROUP_COLOUR = {
  field: 'group',
  type: 'nominal',
  title: null,
  scale: { domain: ['inside', 'outside'], range: ['#d62728', '#8c8c8c'] },
};

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

function numberOf(value: MetadataValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The field's values inside and outside as box plots; the means when no sample carries it. */
function distributionSpec(
  difference: MetadataDifference,
  samples: readonly ReportSample[],
  members: ReadonlySet<string>,
): ChartSpec {
  const rows = samples.flatMap((s) => {
    const value = numberOf(s.metadata?.[difference.field]);
    return value === null ? [] : [{ group: groupOf(s, members), value }];
  });
  if (rows.length === 0) return meansSpec(difference);

  return {
    title: { text: difference.field, subtitle: 'distribution inside vs outside' },
    width: 300,
    data: { values: rows },
    mark: { type: 'boxplot', extent: 'min-max' },
    encoding: {
      y: { field: 'group', type: 'nominal', title: null },
      x: {
        field: 'value',
        type: 'quantitative',
        title: 'symmetric log scale',
        scale: { type: 'symlog' },
      },
      color: { ...GROUP_COLOUR, legend: null },
    },
  };
}

function meansSpec(difference: MetadataDifference): ChartSpec {
  return {
    title: { text: difference.field, subtitle: 'mean inside vs outside' },
    width: 300,
    data: {
      values: [
        { group: 'inside', value: difference.inside },
        { group: 'outside', value: difference.outside },
      ],
    },
    mark: 'bar',
    encoding: {
      y: { field: 'group', type: 'nominal', title: null },
      x: { field: 'value', type: 'quantitative', title: 'mean' },
      color: { ...GROUP_COLOUR, legend: null },
    },
  };
}

function groupOf(sample: ReportSample, members: ReadonlySet<string>): string {
  return members.has(sample.id) ? 'inside' : 'outside';
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

function lossScatterSpec(
  field: string,
  samples: readonly ReportSample[],
  members: ReadonlySet<string>,
  seed: number,
): ChartSpec {
  const rows = subsample(samples, MAX_SCATTER_POINTS, seed).flatMap((s) => {
    const value = numberOf(s.metadata?.[field]);
    return value === null ? [] : [{ value, loss: s.loss, group: groupOf(s, members) }];
  });

  return {
    title: { text: `loss against ${field}`, subtitle: 'the most telling field' },
    width: 300,
    height: 220,
    data: { values: rows },
    mark: { type: 'circle', size: 14, opacity: 0.6 },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: field },
      y: { field: 'loss', type: 'quantitative' },
      color: GROUP_COLOUR,
    },
  };
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
