import { describe, expect, it } from 'vitest';

import {
  AnalysisParameterError,
  CandidateInputError,
} from '../../../../shared/analysis/errors.ts';
import { mergeOverlapping } from '../../../../shared/analysis/significance.ts';
import type { MergeCandidate } from '../../../../shared/analysis/significance.ts';

const range = (start: number, end: number) =>
  Array.from({ length: end - start }, (_, i) => start + i);

function candidate(
  id: string,
  sampleIds: string[],
  lossRatio: number | null,
  impact: number,
): MergeCandidate {
  return { id, size: sampleIds.length, lossRatio, impact, qValue: 0.001, sampleIds };
}

const ids = (prefix: string, start: number, end: number) =>
  range(start, end).map((i) => `${prefix}${i}`);

describe('Function: mergeOverlapping', () => {
  it('merges two overlapping candidates into the one with more impact', () => {
    const weaker = candidate('k10-3', ids('s', 0, 100), 2, 0.2);
    const stronger = candidate('k17-5', ids('s', 30, 130), 2.2, 0.3);

    const { kept, merges } = mergeOverlapping([weaker, stronger]);

    expect(kept.map((c) => c.id)).toEqual(['k17-5']);
    expect(merges).toEqual([
      {
        id: 'k10-3',
        into: 'k17-5',
        outcome: 'merged',
        shared: 70,
        jaccard: 70 / 130,
        containment: 0.7,
      },
    ]);
  });

  it('keeps a nested child whose loss ratio beats its parent by the margin', () => {
    const parent = candidate('parent', ids('s', 0, 200), 1.5, 0.4);
    const child = candidate('child', ids('s', 0, 40), 3, 0.3);

    const { kept, merges } = mergeOverlapping([child, parent]);

    expect(kept.map((c) => c.id)).toEqual(['parent', 'child']);
    expect(merges).toMatchObject([
      { id: 'child', into: 'parent', outcome: 'kept-as-child' },
    ]);
  });

  it('merges a nested child whose loss ratio is higher but within the margin', () => {
    const parent = candidate('parent', ids('s', 0, 200), 1.5, 0.4);
    const child = candidate('child', ids('s', 0, 40), 1.8, 0.3);

    const { kept, merges } = mergeOverlapping([parent, child]);

    expect(kept.map((c) => c.id)).toEqual(['parent']);
    expect(merges).toMatchObject([{ id: 'child', into: 'parent', outcome: 'merged' }]);
  });

  it('merges a mostly contained candidate even when the Jaccard is small', () => {
    const large = candidate('large', ids('s', 0, 100), 2, 0.5);
    const small = candidate('small', [...ids('s', 0, 9), 'x'], 1.9, 0.1);

    const { kept, merges } = mergeOverlapping([small, large], { minJaccard: 0.5 });

    expect(kept.map((c) => c.id)).toEqual(['large']);
    expect(merges[0]).toMatchObject({
      id: 'small',
      containment: 0.9,
      outcome: 'merged',
    });
    expect(merges[0]!.jaccard).toBeCloseTo(9 / 101, 14);
  });

  it('keeps disjoint and lightly overlapping candidates apart', () => {
    const a = candidate('a', ids('s', 0, 50), 2, 0.3);
    const b = candidate('b', ids('s', 40, 90), 2, 0.2);
    const c = candidate('c', ids('t', 0, 50), 2, 0.1);

    const { kept, merges } = mergeOverlapping([c, b, a]);

    expect(kept.map((k) => k.id)).toEqual(['a', 'b', 'c']);
    expect(merges).toEqual([]);
  });

  it('takes an option given as undefined at its default', () => {
    const a = candidate('a', ids('s', 0, 10), 2, 0.3);
    const b = candidate('b', ids('s', 4, 14), 2, 0.2);

    const { merges } = mergeOverlapping([a, b], { minJaccard: undefined });

    // Jaccard 6 / 14 and containment 0.6: below both defaults, so nothing merges.
    expect(merges).toEqual([]);
  });

  it('throws CandidateInputError for a duplicate id', () => {
    const a = candidate('a', ['s1'], 2, 0.3);

    expect(() => mergeOverlapping([a, a])).toThrow(CandidateInputError);
    expect(() => mergeOverlapping([a, a])).toThrow('candidates[1].id must be unique');
  });

  it('throws AnalysisParameterError for a Jaccard threshold above 1', () => {
    expect(() => mergeOverlapping([], { minJaccard: 1.5 })).toThrow(
      AnalysisParameterError,
    );
    expect(() => mergeOverlapping([], { minJaccard: 1.5 })).toThrow(
      'parameter minJaccard must be in (0, 1], got 1.5',
    );
  });
});
