import { describe, expect, it } from 'vitest';

import { BenchInputError } from '../../../bench/quality/errors.ts';
import { auroc, precisionAtK, rankByScore } from '../../../bench/quality/metrics.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';

/**
 * AUROC by definition: over every member/non-member pair, 1 if the member
 * scores higher, 1/2 on a tie.
 */
function pairwiseAuroc(scores: number[], isMember: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!isMember[i]) return;
    scores.forEach((q, j) => {
      if (isMember[j]) return;
      pairs += 1;
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });

  return wins / pairs;
}

describe('Function: rankByScore', () => {
  it('orders indexes by score, highest first, equal scores in index order', () => {
    expect(rankByScore([0.2, 0.9, 0.5, 0.9, -1])).toEqual([1, 3, 2, 0, 4]);
  });

  it('throws naming the index and value of a NaN score', () => {
    expect(() => rankByScore([1, Number.NaN])).toThrow(
      expect.objectContaining({ field: 'scores[1]', value: Number.NaN }),
    );
  });
});

describe('Function: precisionAtK', () => {
  const isMember = [true, false, true, true, false, false];

  it('returns the share of slice members among the first k ranked samples', () => {
    const ranking = [0, 1, 2, 3, 4, 5];

    expect(precisionAtK(ranking, isMember, 1)).toBe(1);
    expect(precisionAtK(ranking, isMember, 2)).toBe(0.5);
    expect(precisionAtK(ranking, isMember, 4)).toBe(0.75);
    expect(precisionAtK([5, 4, 1, 0, 2, 3], isMember, 3)).toBe(0);
  });

  it('throws naming k when k exceeds the ranked samples', () => {
    const act = () => precisionAtK([0, 1], isMember, 3);

    expect(act).toThrow(BenchInputError);
    expect(act).toThrow(expect.objectContaining({ field: 'k', value: 3 }));
  });
});

describe('Function: auroc', () => {
  it('returns 0.75 on the example of scikit-learn roc_auc_score', () => {
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    expect(auroc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(
      0.75,
      12,
    );
  });

  it('counts a tie between a member and a non-member as one half', () => {
    // Pairs (member, non-member): (0.5, 0.5) = 1/2, the three others 0: 0.5 / 4.
    expect(auroc([0.5, 0.5, 0.2, 0.9], [true, false, true, false])).toBe(0.125);
  });

  it('returns 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auroc([3, 2, 1, 0], [true, true, false, false])).toBe(1);
    expect(auroc([0, 1, 2, 3], [true, true, false, false])).toBe(0);
  });

  it('agrees with the pairwise definition on seeded scores with ties', () => {
    const random = seededRandom(7);
    const scores = Array.from({ length: 200 }, () => Math.round(random() * 20) / 20);
    const isMember = scores.map((s) => random() < 0.2 + 0.5 * s);

    expect(auroc(scores, isMember)).toBeCloseTo(pairwiseAuroc(scores, isMember), 12);
  });

  it('throws naming the membership when every sample is a member', () => {
    expect(() => auroc([1, 2], [true, true])).toThrow(
      expect.objectContaining({ field: 'isMember', value: '2 members of 2' }),
    );
  });
});
