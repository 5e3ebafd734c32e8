import { describe, expect, it } from 'vitest';

import { suggestAction } from '../../../shared/analysis/actions.ts';
import type { ActionInput } from '../../../shared/analysis/actions.ts';
import { density } from '../../../shared/analysis/density.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import type { RandomSource } from '../../../shared/analysis/random.ts';
import { gaussian } from './planted.ts';

const D = 4;
const REST = 300;

interface Group {
  count: number;
  /** Centre on the first axis and spread of the members' embeddings. */
  centre: number;
  spread: number;
  loss: (random: RandomSource, i: number) => number;
  /** Probability of another class than the label and whether the prediction is right. */
  verdict?: (random: RandomSource, i: number) => [number, boolean];
}

/**
 * A dense rest with low loss and 1% confident disagreement, plus a planted
 * group. A group of 40 is as dense as the rest of 300 (in 4 dimensions) with
 * a spread of about 0.6.
 */
function run(group: Group, seed: number) {
  const random = seededRandom(seed);
  const point = (centre: number, spread: number) =>
    Array.from(
      { length: D },
      (_, j) => (j === 0 ? centre : 0) + spread * gaussian(random),
    );
  const rows = [
    ...Array.from({ length: REST }, (_, i) => ({
      embedding: point(0, 1),
      loss: 0.1 + 0.1 * Math.abs(gaussian(random)),
      verdict: (i % 100 === 0 ? [0.95, false] : [0.3 * random(), true]) as [
        number,
        boolean,
      ],
    })),
    ...Array.from({ length: group.count }, (_, i) => ({
      embedding: point(group.centre, group.spread),
      loss: group.loss(random, i),
      verdict: group.verdict?.(random, i) ?? [0.3 * random(), true],
    })),
  ];
  const embeddings = Float32Array.from(rows.flatMap((r) => r.embedding));
  const memberRows = Array.from({ length: group.count }, (_, i) => REST + i);

  return { rows, embeddings, memberRows };
}

function actionInput(
  data: ReturnType<typeof run>,
  options: { classification: boolean; pool?: Float32Array },
): ActionInput {
  return {
    losses: data.rows.map((r) => r.loss),
    memberRows: data.memberRows,
    classification: options.classification
      ? {
          otherClassProbabilities: data.rows.map((r) => r.verdict[0]),
          correct: data.rows.map((r) => r.verdict[1]),
        }
      : null,
    density: density(data.memberRows, data.embeddings, D, 5, { pool: options.pool }),
  };
}

const elevated = (random: RandomSource) => 0.8 + 0.1 * gaussian(random);

describe('Function: suggestAction', () => {
  it('suggests relabel when confident disagreement is concentrated in a group the model gets right', () => {
    // 12 of 40 members (30%) labelled against a 0.95 probability, in the dense region.
    const data = run(
      {
        count: 40,
        centre: 3,
        spread: 1,
        loss: (random, i) => (i < 12 ? 3 : 0.1 + 0.1 * Math.abs(gaussian(random))),
        verdict: (random, i) => (i < 12 ? [0.95, false] : [0.3 * random(), true]),
      },
      1,
    );

    const action = suggestAction(actionInput(data, { classification: true }));

    expect(action.kind).toBe('relabel');
    expect(action.evidence).toMatchObject({
      confidentDisagreementCount: 12,
      confidentDisagreementShare: 0.3,
      restConfidentDisagreementShare: 0.01,
      errorRate: 0.3,
      members: 40,
    });
    expect(action.reason).toBe(
      '30% of the members (12 of 40) get a probability of at least 0.9 for a class ' +
        'other than their label, against 1% of the rest, while it is right on 70% ' +
        'of the group: check these labels.',
    );
  });

  it('suggests remove-noise when a few members carry most of the excess loss', () => {
    const data = run(
      {
        count: 40,
        centre: 3,
        spread: 1,
        loss: (random, i) => (i < 3 ? 20 : 0.1 + 0.1 * Math.abs(gaussian(random))),
      },
      2,
    );
    const input = actionInput(data, { classification: false });
    const restMean = data.rows.slice(0, REST).reduce((s, r) => s + r.loss, 0) / REST;
    const excess = data.rows.slice(REST).map((r) => Math.max(0, r.loss - restMean));
    const top4 = [...excess].sort((a, b) => b - a).slice(0, 4);
    const share = top4.reduce((s, e) => s + e, 0) / excess.reduce((s, e) => s + e, 0);

    const action = suggestAction(input);

    expect(action.kind).toBe('remove-noise');
    expect(action.evidence.topExcessCount).toBe(4);
    expect(action.evidence.topExcessShare).toBeCloseTo(share, 12);
    expect(action.evidence.topExcessShare).toBeGreaterThan(0.7);
    expect(action.reason).toContain(
      `carry ${Math.round(share * 100)}% of the group's loss`,
    );
  });

  it('suggests collect-more for a sparse region with spread errors', () => {
    const data = run({ count: 30, centre: 40, spread: 4, loss: elevated }, 3);

    const action = suggestAction(actionInput(data, { classification: false }));

    expect(action.kind).toBe('collect-more');
    expect(action.evidence.kthDistanceRatio).toBeGreaterThan(1.5);
    expect(action.reason).toContain(
      `5th nearest neighbour is ${Number(action.evidence.kthDistanceRatio!.toPrecision(2))}x as far`,
    );
  });

  it('suggests collect-more when the pool barely reaches a dense group', () => {
    const data = run({ count: 40, centre: 6, spread: 0.6, loss: elevated }, 4);
    const random = seededRandom(40);
    const pool = Float32Array.from({ length: 300 * D }, () => gaussian(random));

    const action = suggestAction(actionInput(data, { classification: false, pool }));

    expect(action.kind).toBe('collect-more');
    expect(action.evidence.kthDistanceRatio).toBeLessThan(1.5);
    expect(action.evidence.poolNeighbourShare).toBeLessThan(
      0.5 * action.evidence.chancePoolShare!,
    );
    expect(action.reason).toContain('come from the pool');
  });

  it('suggests augment for dense, spread, unconfident errors', () => {
    const data = run(
      {
        count: 40,
        centre: 6,
        spread: 0.6,
        loss: elevated,
        verdict: (random) => [0.55 + 0.2 * random(), false],
      },
      5,
    );

    const action = suggestAction(actionInput(data, { classification: true }));

    expect(action.kind).toBe('augment');
    expect(action.evidence.errorRate).toBe(1);
    expect(action.evidence.confidentDisagreementShare).toBe(0);
    expect(action.evidence.kthDistanceRatio).toBeLessThan(1.5);
    expect(action.reason).toMatch(/^The members have [\d.]+x the rest's mean loss/);
  });

  it('does not suggest relabel when the model is confidently wrong on most of the group', () => {
    const data = run(
      {
        count: 40,
        centre: 6,
        spread: 0.6,
        loss: () => 3,
        verdict: () => [0.95, false],
      },
      6,
    );

    const action = suggestAction(actionInput(data, { classification: true }));

    expect(action.evidence.confidentDisagreementShare).toBe(1);
    expect(action.kind).toBe('augment');
  });

  it('takes overridden thresholds', () => {
    const data = run({ count: 30, centre: 40, spread: 4, loss: elevated }, 3);
    const input = actionInput(data, { classification: false });

    const action = suggestAction({
      ...input,
      thresholds: { sparseDistanceRatio: 100 },
    });

    expect(action.kind).toBe('augment');
  });

  it('keeps every evidence figure finite, so it survives JSON', () => {
    const data = run({ count: 30, centre: 40, spread: 4, loss: elevated }, 7);

    const action = suggestAction(actionInput(data, { classification: true }));

    expect(Object.values(action.evidence).every(Number.isFinite)).toBe(true);
    expect(JSON.parse(JSON.stringify(action))).toEqual(action);
  });

  it('refuses a non-finite loss, an empty rest and a probability above 1', () => {
    const base = {
      losses: [1, 2, 3],
      memberRows: [0],
      classification: null,
      density: null,
    };

    expect(() => suggestAction({ ...base, losses: [1, NaN, 3] })).toThrow(
      'parameter losses[1] must be a finite number, got NaN',
    );
    expect(() => suggestAction({ ...base, memberRows: [0, 1, 2] })).toThrow(
      'the rest must not be empty',
    );
    expect(() =>
      suggestAction({
        ...base,
        classification: {
          otherClassProbabilities: [0, 1.5, 0],
          correct: [true, true, true],
        },
      }),
    ).toThrow('parameter otherClassProbabilities[1] must be a probability, got 1.5');
  });
});
