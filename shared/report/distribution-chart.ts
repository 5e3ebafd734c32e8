/**
 * A numeric field's distribution inside vs outside an aggressor as two box
 * plots (min, quartiles, median, max). The five figures are computed here
 * from every value, so the chart carries two rows whatever the run's size;
 * nothing is sampled.
 */
import type { MetadataDifference } from '../analysis/metadata/types.ts';
import { quantileSorted } from '../tracking/bootstrap.ts';
import { formatCount } from './format.ts';
import { GROUP_COLOUR, groupOf, numberOf, type Group } from './inside-outside.ts';
import type { ChartSpec } from './map-chart.ts';
import type { ReportSample } from './types.ts';

/** One group's box: its figures over all its values (R's type-7 quartiles). */
export interface BoxSummary {
  group: Group;
  count: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

const BOX_SIZE = 14;

/** Box plots of the field's values; the two means when no sample carries it. */
export function distributionSpec(
  difference: MetadataDifference,
  samples: readonly ReportSample[],
  members: ReadonlySet<string>,
): ChartSpec {
  const boxes = boxSummaries(difference.field, samples, members);
  if (boxes.length === 0) return meansSpec(difference);
  const count = boxes.reduce((total, box) => total + box.count, 0);

  return {
    title: {
      text: difference.field,
      subtitle: `distribution inside vs outside, all ${formatCount(count)} values`,
    },
    width: 300,
    data: { values: boxes },
    encoding: {
      y: { field: 'group', type: 'nominal', title: null },
      color: { ...GROUP_COLOUR, legend: null },
    },
    layer: [
      {
        mark: 'rule',
        encoding: {
          x: {
            field: 'min',
            type: 'quantitative',
            title: 'symmetric log scale',
            scale: { type: 'symlog' },
          },
          x2: { field: 'max' },
        },
      },
      {
        mark: { type: 'bar', size: BOX_SIZE },
        encoding: {
          x: { field: 'q1', type: 'quantitative' },
          x2: { field: 'q3' },
          tooltip: boxTooltip(),
        },
      },
      {
        mark: { type: 'tick', size: BOX_SIZE, color: 'white' },
        encoding: { x: { field: 'median', type: 'quantitative' } },
      },
    ],
  };
}

/** A box per group that has values: inside first. */
export function boxSummaries(
  field: string,
  samples: readonly ReportSample[],
  members: ReadonlySet<string>,
): BoxSummary[] {
  const values: Record<Group, number[]> = { inside: [], outside: [] };
  for (const sample of samples) {
    const value = numberOf(sample.metadata?.[field]);
    if (value !== null) values[groupOf(sample, members)].push(value);
  }

  return (['inside', 'outside'] as const)
    .filter((group) => values[group].length > 0)
    .map((group) => boxOf(group, Float64Array.from(values[group]).sort()));
}

function boxOf(group: Group, sorted: Float64Array): BoxSummary {
  return {
    group,
    count: sorted.length,
    min: sorted[0] as number,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: sorted[sorted.length - 1] as number,
  };
}

function boxTooltip(): ChartSpec[] {
  const figures = ['min', 'q1', 'median', 'q3', 'max'].map((field) => ({
    field,
    type: 'quantitative',
    format: '.4~g',
  }));

  return [
    { field: 'group', type: 'nominal' },
    { field: 'count', type: 'quantitative', format: ',' },
    ...figures,
  ];
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
