import { describe, expect, it } from 'vitest';

import {
  AnalysisParameterError,
  CandidateInputError,
  NonFiniteValueError,
} from '../../../shared/analysis/errors.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import type { RandomSource } from '../../../shared/analysis/random.ts';
import { assessCandidates } from '../../../shared/analysis/significance.ts';
import type {
  CandidateAssessment,
  CandidateGroup,
} from '../../../shared/analysis/significance.ts';

const range = (start: number, end: number) =>
  Array.from({ length: end - start }, (_, i) => start + i);

/** An exponential draw with the given mean: skewed like a log-loss. */
function exponential(random: RandomSource, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/**
 * Seeded run of 2,000 losses (exponential, mean 0.5) with a multiplier per
 * planted group: samples 0-99 at 2.5x (the aggressor), 100-104 at 5x (tiny);
 * the others untouched. Group 'same' (105-299) and 'wide' (300-899) are
 * drawn like the rest.
 */
function plantedRun(seed: number, planted: boolean) {
  const random = seededRandom(seed);
  const multiplier = (i: number) => (!planted ? 1 : i < 100 ? 2.5 : i < 105 ? 5 : 1);
  const losses = Float64Array.from(range(0, 2000), (i) =>
    exponential(random, 0.5 * multiplier(i)),
  );
  const groups: CandidateGroup[] = [
    { id: 'planted', memberIndexes: range(0, 100) },
    { id: 'tiny', memberIndexes: range(100, 105) },
    { id: 'same', memberIndexes: Int32Array.from(range(105, 300)) },
    { id: 'wide', memberIndexes: range(300, 900) },
  ];

  return { losses, groups };
}

function byId(results: CandidateAssessment[], id: string): CandidateAssessment {
  return results.find((r) => r.id === id) as CandidateAssessment;
}

const support = { absolute: 10, fraction: 0.01 };

describe('Function: assessCandidates', () => {
  it('finds the planted high-loss group and only it (seed 11)', () => {
    const run = plantedRun(11, true);

    const results = assessCandidates({ ...run, correct: null, minSupport: support });

    expect(results.map((r) => r.id)).toEqual(['planted', 'tiny', 'same', 'wide']);
    expect(results.filter((r) => r.isAggressor).map((r) => r.id)).toEqual(['planted']);
    const planted = byId(results, 'planted');
    expect(planted.lossRatio).toBeGreaterThan(2);
    expect(planted.qValue).toBeLessThan(1e-6);
    expect(planted.reasons).toEqual([]);
  });

  it('rejects the same-distribution group as not significant', () => {
    const results = assessCandidates({
      ...plantedRun(11, true),
      correct: null,
      minSupport: support,
    });

    const same = byId(results, 'same');
    expect(same.isAggressor).toBe(false);
    expect(same.qValue).toBeGreaterThan(0.05);
    expect(same.reasons).toContain(
      `not significant (q = ${Number(same.qValue.toPrecision(2))} > 0.05)`,
    );
  });

  it('rejects the tiny group for support, naming the rule', () => {
    const results = assessCandidates({
      ...plantedRun(11, true),
      correct: null,
      minSupport: support,
    });

    const tiny = byId(results, 'tiny');
    expect(tiny.isAggressor).toBe(false);
    expect(tiny.reasons).toContain(
      'below minimum support (n = 5 < 20 = max(10, ceil(0.01 x 2000)))',
    );
  });

  it('rejects a group at 1.1x for its loss ratio even when significant (seed 21)', () => {
    const random = seededRandom(21);
    const losses = Float64Array.from(range(0, 4000), (i) =>
      exponential(random, i < 1500 ? 0.55 : 0.5),
    );
    const groups = [{ id: 'mild', memberIndexes: range(0, 1500) }];

    const [mild] = assessCandidates({
      losses,
      correct: null,
      groups,
      minSupport: support,
    });

    expect(mild!.lossRatio).toBeGreaterThan(1);
    expect(mild!.lossRatio).toBeLessThan(1.2);
    expect(mild!.qValue).toBeLessThanOrEqual(0.05);
    expect(mild!.reasons).toEqual([
      `loss ratio ${Number(mild!.lossRatio!.toPrecision(2))} within 1.2x of the rest`,
    ]);
    expect(mild!.isAggressor).toBe(false);
  });

  it.each([11, 12, 13])(
    'reports no aggressor when nothing is planted (seed %i)',
    (seed) => {
      const results = assessCandidates({
        ...plantedRun(seed, false),
        correct: null,
        minSupport: support,
      });

      expect(results).toHaveLength(4);
      expect(results.every((r) => !r.isAggressor && r.reasons.length > 0)).toBe(true);
    },
  );

  it('measures a small run as computed by hand, with scipy p- and q-values', () => {
    const losses = Float64Array.from([4, 4.5, 3.5, 1, 1.2, 0.8, 1.1, 0.9]);
    const correct = [false, false, true, true, true, true, false, true];
    const groups = [
      { id: 'a', memberIndexes: [0, 1, 2] },
      { id: 'b', memberIndexes: [0, 3] },
    ];

    const [a, b] = assessCandidates({ losses, correct, groups, minSupport: support });

    // overall mean 2.125; excess per sample 1.875 + 2.375 + 1.375 = 5.625 in all
    expect(a).toMatchObject({ size: 3, share: 3 / 8, meanLoss: 4, errors: 2 });
    expect(a!.restMeanLoss).toBeCloseTo(1, 14);
    expect(a!.lossRatio).toBeCloseTo(4, 14);
    expect(a!.impact).toBeCloseTo(1, 14);
    expect(b!.impact).toBeCloseTo((2 * (2.5 - 2.125)) / 5.625, 14);
    expect(a!.errorRate).toBeCloseTo(2 / 3, 14);
    // scipy.stats.binomtest(2, 3).proportion_ci(method='wilson')
    expect(a!.errorRateInterval![0]).toBeCloseTo(0.20765960080204782, 12);
    expect(a!.errorRateInterval![1]).toBeCloseTo(0.9385080552796038, 12);
    expect(a!.fewPositives).toBe(true);
    // scipy.stats.ttest_ind(a, rest, equal_var=False, alternative='greater').pvalue
    expect(a!.test).toBe('welch-greater');
    expect(a!.pValue).toBeCloseTo(0.00324757082999218, 12);
    expect(b!.pValue).toBeCloseTo(0.3994573122087876, 12);
    // scipy.stats.false_discovery_control([pa, pb], method='bh')
    expect(a!.qValue).toBeCloseTo(0.00649514165998436, 12);
    expect(b!.qValue).toBeCloseTo(0.3994573122087876, 12);
  });

  it('says fewPositives is false once a group holds 10 errors', () => {
    const losses = Float64Array.from(range(0, 40), (i) => (i < 20 ? 2 + i / 100 : 1));
    const correct = range(0, 40).map((i) => i >= 10);
    const groups = [{ id: 'g', memberIndexes: range(0, 20) }];

    const [g] = assessCandidates({ losses, correct, groups, minSupport: support });

    expect(g).toMatchObject({ errors: 10, errorRate: 0.5, fewPositives: false });
  });

  it('gives a null ratio with a note, and uses Mann-Whitney, against a rest at zero loss', () => {
    const losses = Float64Array.from([1, 1, 0, 0, 0]);
    const groups = [{ id: 'g', memberIndexes: [0, 1] }];

    const [g] = assessCandidates({
      losses,
      correct: null,
      groups,
      minSupport: { absolute: 2, fraction: 0 },
    });

    expect(g).toMatchObject({
      lossRatio: null,
      lossRatioNote: 'rest-has-zero-loss',
      restMeanLoss: 0,
      test: 'mann-whitney-greater',
      errors: null,
      errorRate: null,
      errorRateInterval: null,
    });
    // scipy.stats.mannwhitneyu([1, 1], [0, 0, 0], alternative='greater', method='asymptotic')
    expect(g!.pValue).toBeCloseTo(0.0477903522728147, 12);
    expect(g!.isAggressor).toBe(true);
  });

  it('refuses a group holding every sample, with no test and a reason', () => {
    const losses = Float64Array.from([1, 2, 3]);
    const groups = [{ id: 'all', memberIndexes: [2, 0, 1] }];

    const [all] = assessCandidates({
      losses,
      correct: null,
      groups,
      minSupport: { absolute: 1, fraction: 0 },
    });

    expect(all).toMatchObject({
      restMeanLoss: null,
      lossRatio: null,
      lossRatioNote: 'rest-is-empty',
      test: 'none',
      pValue: 1,
      isAggressor: false,
    });
    expect(all!.reasons).toContain(
      'no rest to compare with: the group holds every sample',
    );
  });

  it('returns p = 1 for a group exactly like a constant rest', () => {
    const losses = Float64Array.from([0.5, 0.5, 0.5, 0.5]);
    const groups = [{ id: 'g', memberIndexes: [0, 1] }];

    const [g] = assessCandidates({
      losses,
      correct: null,
      groups,
      minSupport: support,
    });

    expect(g).toMatchObject({ lossRatio: 1, pValue: 1, qValue: 1, impact: 0 });
  });

  it('tests testIndexes against the rest when given, reporting the members otherwise', () => {
    const run = plantedRun(11, true);
    const groups: CandidateGroup[] = [
      { id: 'shifted', memberIndexes: range(0, 100), testIndexes: range(150, 250) },
      { id: 'untested', memberIndexes: range(100, 200), testIndexes: [] },
    ];

    const [shifted, untested] = assessCandidates({
      ...run,
      groups,
      correct: null,
      minSupport: support,
    });
    const [members] = assessCandidates({
      ...run,
      groups: [{ id: 'shifted', memberIndexes: range(0, 100) }],
      correct: null,
      minSupport: support,
    });

    // The planted members' figures, the untouched samples' test.
    expect(shifted!.lossRatio).toBe(members!.lossRatio);
    expect(members!.pValue).toBeLessThan(1e-6);
    expect(shifted!.pValue).toBeGreaterThan(0.05);
    expect(shifted!.isAggressor).toBe(false);
    expect(untested).toMatchObject({ pValue: 1, isAggressor: false });
  });

  it('holds the tested samples to the support and loss-ratio rules, and reports them', () => {
    const run = plantedRun(11, true);
    const groups: CandidateGroup[] = [
      // Planted members; tested on 60 planted and 540 ordinary samples.
      { id: 'diluted', memberIndexes: range(0, 100), testIndexes: range(40, 640) },
      // Planted members; tested on 5 of them only.
      { id: 'small', memberIndexes: range(0, 100), testIndexes: range(0, 5) },
      { id: 'kept', memberIndexes: range(0, 100), testIndexes: range(0, 90) },
    ];

    const [diluted, small, kept] = assessCandidates({
      ...run,
      groups,
      correct: null,
      minSupport: support,
    });

    expect(diluted!.tested).toMatchObject({ size: 600, sharedWithMembers: 60 });
    expect(diluted!.tested!.lossRatio).toBeLessThan(1.2);
    expect(diluted!.lossRatio).toBeGreaterThan(2);
    expect(diluted!.reasons).toContainEqual(
      expect.stringMatching(/^tested region's loss ratio 0\.\d+: lower than the rest$/),
    );
    expect(diluted!.isAggressor).toBe(false);
    expect(small!.reasons).toContain(
      'tested region below minimum support (n = 5 < 20 = max(10, ceil(0.01 x 2000)))',
    );
    expect(kept).toMatchObject({ isAggressor: true, reasons: [] });
    expect(kept!.tested).toMatchObject({ size: 90, sharedWithMembers: 90 });
    expect(kept!.tested!.lossRatio).toBeGreaterThan(2);
  });

  it('gives the same result for the same input, whatever the member order', () => {
    const run = plantedRun(5, true);
    const reversed = run.groups.map((g) => ({
      id: g.id,
      memberIndexes: Array.from(g.memberIndexes).reverse(),
    }));

    const first = assessCandidates({ ...run, correct: null, minSupport: support });
    const again = assessCandidates({
      ...run,
      groups: reversed,
      correct: null,
      minSupport: support,
    });

    expect(again).toEqual(first);
  });

  it('returns an empty list for no groups', () => {
    const losses = Float64Array.from([1, 2]);

    expect(
      assessCandidates({ losses, correct: null, groups: [], minSupport: support }),
    ).toEqual([]);
  });

  it('throws NonFiniteValueError naming the loss index', () => {
    const losses = Float64Array.from([1, 2, Number.NaN]);
    const run = () =>
      assessCandidates({ losses, correct: null, groups: [], minSupport: support });

    expect(run).toThrow(NonFiniteValueError);
    expect(run).toThrow('losses[2] must be a finite number, got NaN');
  });

  it('throws CandidateInputError naming the group, index and value of a bad member', () => {
    const losses = Float64Array.from([1, 2, 3]);
    const assess =
      (groups: CandidateGroup[], correct: boolean[] | null = null) =>
      () =>
        assessCandidates({ losses, correct, groups, minSupport: support });

    expect(assess([{ id: 'g', memberIndexes: [0, 7] }])).toThrow(CandidateInputError);
    expect(assess([{ id: 'g', memberIndexes: [0, 7] }])).toThrow(
      'groups[0] (g).memberIndexes[1] must be a new integer index in [0, 2], got 7',
    );
    expect(assess([{ id: 'g', memberIndexes: [1, 1] }])).toThrow(
      /memberIndexes\[1\].*got 1/,
    );
    expect(assess([{ id: 'g', memberIndexes: [] }])).toThrow(/at least one index/);
    expect(
      assess([
        { id: 'g', memberIndexes: [0] },
        { id: 'g', memberIndexes: [1] },
      ]),
    ).toThrow('groups[1].id must be unique, got "g"');
    expect(assess([], [true])).toThrow(
      'correct.length must be 3 (one per loss), got 1',
    );
  });

  it('throws AnalysisParameterError for a bad threshold', () => {
    const losses = Float64Array.from([1, 2]);
    const base = { losses, correct: null, groups: [], minSupport: support };

    expect(() => assessCandidates({ ...base, alpha: 0 })).toThrow(
      AnalysisParameterError,
    );
    expect(() => assessCandidates({ ...base, minLossRatio: 0.9 })).toThrow(
      'parameter minLossRatio must be a number >= 1, got 0.9',
    );
    expect(() =>
      assessCandidates({ ...base, minSupport: { absolute: 0, fraction: 0.1 } }),
    ).toThrow(/minSupport.absolute/);
  });
});
