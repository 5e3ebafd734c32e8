import { describe, expect, it } from 'vitest';

import {
  columnResultLines,
  sampleResultLines,
} from '../../../functions/analyze/results.ts';
import { analyzeRun } from '../../../shared/analysis/analyze.ts';
import type { SampleOutput } from '../../../shared/analysis/types.ts';

const samples = ['a', 'b', 'c'].map((id) => ({ id, label: 'ham', metadata: {} }));
const outputs: SampleOutput[] = [
  { id: 'a', embedding: [0, 1], scores: [0.9, 0.1] },
  { id: 'b', error: 'model error 400' },
  { id: 'c', embedding: [1, 0], scores: [0.2, 0.8] },
];
const analysis = analyzeRun({
  task: 'classification',
  classes: ['ham', 'spam'],
  scoreKind: 'probabilities',
  samples,
  outputs,
});

describe('Function: sampleResultLines', () => {
  it('gives each scored result and each failure in sample order', () => {
    const lines = [...sampleResultLines(samples, outputs, analysis.perSample)];

    expect(lines.map((line) => line.id)).toEqual(['a', 'b', 'c']);
    expect(lines[1]).toEqual({ id: 'b', error: 'model error 400' });
    expect(lines[2]).toEqual(analysis.perSample.at(1));
  });

  it('refuses results out of step with the samples instead of dropping lines', () => {
    const reordered = [samples[2]!, samples[1]!, samples[0]!];

    expect(() => [
      ...sampleResultLines(reordered, outputs, analysis.perSample),
    ]).toThrow(
      'per-sample results out of step with the samples at sample 0 ("c"): result 0 is "a"',
    );
    expect(() => [
      ...sampleResultLines(samples.slice(0, 2), outputs, analysis.perSample),
    ]).toThrow('1 per-sample results have no sample');
  });
});

describe('Function: columnResultLines', () => {
  it('reads failures from the columns', () => {
    const others = [undefined, { error: 'model error 400' }, undefined];
    const lines = [
      ...columnResultLines({ ids: ['a', 'b', 'c'], others }, analysis.perSample),
    ];

    expect(lines).toEqual([...sampleResultLines(samples, outputs, analysis.perSample)]);
  });
});
