import { describe, expect, it } from 'vitest';
import type { MetadataDifference } from '../../../shared/analysis/metadata/types.ts';
import {
  boxSummaries,
  distributionSpec,
} from '../../../shared/report/distribution-chart.ts';
import type { ReportSample } from '../../../shared/report/types.ts';

function sample(id: string, lines: number | string | null): ReportSample {
  return {
    id,
    prediction: null,
    loss: 0,
    correct: null,
    cluster: null,
    x: null,
    y: null,
    metadata: { lines },
  };
}

/** Inside: 1..8; outside: 10, 20, 30, 40 and two samples without a number. */
const SAMPLES = [
  ...[5, 1, 8, 3, 2, 7, 4, 6].map((v) => sample(`in${v}`, v)),
  ...[40, 10, 30, 20].map((v) => sample(`out${v}`, v)),
  sample('text', 'many'),
  sample('none', null),
];
const MEMBERS = new Set(SAMPLES.filter((s) => s.id.startsWith('in')).map((s) => s.id));

const LINES: MetadataDifference = {
  field: 'lines',
  kind: 'numeric',
  measure: 'mean',
  inside: 4.5,
  outside: 25,
  insideCount: 8,
  outsideCount: 4,
  effect: -1,
  pValue: 0.004,
  qValue: 0.01,
};

describe('Function: boxSummaries', () => {
  it('gives R type-7 quartiles of every numeric value per group', () => {
    // R: quantile(1:8) -> 1, 2.75, 4.5, 6.25, 8;
    // quantile(c(10, 20, 30, 40)) -> 10, 17.5, 25, 32.5, 40
    expect(boxSummaries('lines', SAMPLES, MEMBERS)).toEqual([
      { group: 'inside', count: 8, min: 1, q1: 2.75, median: 4.5, q3: 6.25, max: 8 },
      { group: 'outside', count: 4, min: 10, q1: 17.5, median: 25, q3: 32.5, max: 40 },
    ]);
  });

  it('leaves out a group with no numeric value', () => {
    const inside = SAMPLES.filter((s) => MEMBERS.has(s.id));

    expect(boxSummaries('lines', inside, MEMBERS).map((b) => b.group)).toEqual([
      'inside',
    ]);
  });
});

describe('Function: distributionSpec', () => {
  it('carries one row per group, not one per sample, however many samples there are', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => sample(`s${i}`, i % 97));
    const spec = distributionSpec(LINES, many, new Set(['s1', 's2', 's3']));

    expect((spec.data as { values: unknown[] }).values).toHaveLength(2);
    expect(spec.title).toEqual({
      text: 'lines',
      subtitle: 'distribution inside vs outside, all 50,000 values',
    });
  });

  it('draws the two means when no sample carries the field as a number', () => {
    const spec = distributionSpec(LINES, [sample('a', 'x')], new Set(['a']));

    expect(spec.data).toEqual({
      values: [
        { group: 'inside', value: 4.5 },
        { group: 'outside', value: 25 },
      ],
    });
  });
});
