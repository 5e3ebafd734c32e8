import { describe, expect, it } from 'vitest';

import type { SliceResult } from '../../../bench/quality/run-setting.ts';
import type { SliceKind } from '../../../bench/quality/settings.ts';
import { figures, summarize } from '../../../bench/quality/summary.ts';
import type { SliceScore } from '../../../bench/quality/types.ts';

const score = (p10: number, auroc = 0.5): SliceScore => ({
  precisionAt10: p10,
  precisionAt25: p10 / 2,
  auroc,
  aggressorRank: 1,
});

function result(kind: SliceKind, scores: SliceResult['scores']): SliceResult {
  return {
    kind,
    strength: 0.4,
    seed: 1,
    field: 'senderDomain',
    slice: 'senderDomain = a.com',
    size: 40,
    took: { sliceErrorRate: 0.4, restErrorRate: 0.05, took: scores !== null },
    scores,
    candidates: scores && { all: 1, blind: 1, baseline: 1 },
    k: scores && 9,
    oracle: scores && { precisionAt10: scores.all.precisionAt10, precisionAt25: 0 },
  };
}

describe('Function: figures', () => {
  it('counts a slice at exactly P@10 = 0.8 as found and averages the metrics', () => {
    const f = figures([score(0.8, 0.9), score(0.7, 0.7)]);

    expect(f.settings).toBe(2);
    expect(f.foundShare).toBe(0.5);
    expect(f.meanP10).toBeCloseTo(0.75, 12);
    expect(f.meanP25).toBeCloseTo(0.375, 12);
    expect(f.meanAuroc).toBeCloseTo(0.8, 12);
  });

  it('returns null figures, not NaN, when no slice was scored', () => {
    expect(figures([])).toEqual({
      settings: 0,
      foundShare: null,
      meanP10: null,
      meanP25: null,
      meanAuroc: null,
    });
  });
});

describe('Function: summarize', () => {
  const results = [
    result('rare', { all: score(1), blind: score(0.5), baseline: score(0) }),
    result('rare', null),
    result('correlation', { all: score(0.9), blind: score(0.9), baseline: score(1) }),
  ];

  it('counts dropped slices apart and scores only the ones that took', () => {
    const summary = summarize(results);

    expect(summary.planted).toBe(3);
    expect(summary.settings).toBe(2);
    expect(summary.dropped).toBe(1);
    expect(summary.byKind.rare).toMatchObject({ planted: 2, settings: 1, dropped: 1 });
    expect(summary.byKind['noisy-label'].foundShare).toBeNull();
  });

  it('reports the pass with all metadata, the blind pass and the baseline apart', () => {
    const summary = summarize(results);

    expect(summary.foundShare).toBe(1);
    expect(summary.foundShareBlind).toBe(0.5);
    expect(summary.blind.meanP10).toBeCloseTo(0.7, 12);
    expect(summary.byKind.rare.foundShareBlind).toBe(0);
    expect(summary.baseline.foundShare).toBe(0.5);
    expect(summary.baseline.byKind.correlation.meanP10).toBe(1);
  });

  it('summarises the centre oracle over the slices that took, per kind', () => {
    const summary = summarize(results);

    expect(summary.oracle.settings).toBe(2);
    expect(summary.oracle.foundShare).toBe(1);
    expect(summary.oracle.meanP10).toBeCloseTo(0.95, 12);
    expect(summary.oracle.byKind.rare).toEqual({
      settings: 1,
      foundShare: 1,
      meanP10: 1,
    });
    expect(summary.oracle.byKind['noisy-label'].foundShare).toBeNull();
  });
});
