import { describe, expect, it } from 'vitest';
import { assignSplits } from '../../../examples/spam-assassin/splits.ts';

const GROUP_SIZES = {
  'easy-ham-1': 2500,
  'easy-ham-2': 1400,
  'hard-ham-1': 250,
  'spam-1': 500,
  'spam-2': 1396,
};

const SAMPLES = Object.entries(GROUP_SIZES).flatMap(([group, size]) =>
  Array.from({ length: size }, (_, i) => ({
    id: `${group}/${String(i + 1).padStart(5, '0')}`,
    group,
  })),
);

function groupCount(ids: string[], group: string): number {
  return ids.filter((id) => id.startsWith(`${group}/`)).length;
}

describe('Function: assignSplits', () => {
  it('puts every sample in exactly one split', () => {
    const splits = assignSplits(SAMPLES);
    const all = [...splits.evaluation, ...splits.pool, ...splits.training];

    expect(all.length).toBe(SAMPLES.length);
    expect(new Set(all).size).toBe(SAMPLES.length);
    expect(new Set(all)).toEqual(new Set(SAMPLES.map((sample) => sample.id)));
  });

  it('puts half of every group in evaluation and a quarter in the pool', () => {
    const splits = assignSplits(SAMPLES);

    for (const [group, size] of Object.entries(GROUP_SIZES)) {
      expect(groupCount(splits.evaluation, group)).toBe(Math.round(size / 2));
      expect(groupCount(splits.pool, group)).toBe(Math.round(size / 4));
    }
    expect(groupCount(splits.training, 'hard-ham-1')).toBe(250 - 125 - 63);
  });

  it('gives the same splits for the same seed whatever the input order', () => {
    const first = assignSplits(SAMPLES, { seed: 5 });
    const second = assignSplits([...SAMPLES].reverse(), { seed: 5 });

    expect(second).toEqual(first);
  });

  it('gives different splits for different seeds', () => {
    expect(assignSplits(SAMPLES, { seed: 1 }).evaluation).not.toEqual(
      assignSplits(SAMPLES, { seed: 2 }).evaluation,
    );
  });

  it('does not take evaluation samples from the start of the id order only', () => {
    const { evaluation } = assignSplits(SAMPLES);
    const hardHam = evaluation.filter((id) => id.startsWith('hard-ham-1/'));
    const late = hardHam.filter((id) => Number(id.split('/')[1]) > 125);

    expect(late.length).toBeGreaterThan(40);
  });

  it('keeps a group split the same when another group changes', () => {
    const withoutSpam = SAMPLES.filter((sample) => !sample.group.startsWith('spam'));
    const hardHam = (ids: string[]) => ids.filter((id) => id.startsWith('hard-ham-1/'));

    expect(hardHam(assignSplits(withoutSpam).evaluation)).toEqual(
      hardHam(assignSplits(SAMPLES).evaluation),
    );
  });

  it('rejects repeated ids and shares that do not fit', () => {
    const repeated = [SAMPLES[0], SAMPLES[0]].map((sample) => ({ ...sample! }));

    expect(() => assignSplits(repeated)).toThrow('sample ids must be unique');
    expect(() =>
      assignSplits(SAMPLES, { evaluationShare: 0.8, poolShare: 0.3 }),
    ).toThrow(
      'evaluationShare + poolShare must not exceed 1 (field poolShare, value 0.3)',
    );
    expect(() => assignSplits(SAMPLES, { evaluationShare: -1 })).toThrow(
      'a share must be between 0 and 1 (field evaluationShare, value -1)',
    );
  });
});
