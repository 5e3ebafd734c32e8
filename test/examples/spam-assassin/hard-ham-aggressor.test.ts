import { describe, expect, it } from 'vitest';
import {
  findHardHamAggressor,
  hardHamShare,
} from '../../../examples/spam-assassin/hard-ham-aggressor.ts';

function ids(group: string, n: number, from = 0): string[] {
  return Array.from(
    { length: n },
    (_, i) => `${group}/${String(from + i).padStart(5, '0')}`,
  );
}

describe('Function: findHardHamAggressor', () => {
  it('picks the best-ranked aggressor that is mostly hard ham, whatever the list order', () => {
    const aggressors = [
      { id: 'c', rank: 3, sampleIds: ids('hard-ham-1', 9) },
      { id: 'a', rank: 1, sampleIds: [...ids('spam-2', 8), ...ids('hard-ham-1', 2)] },
      { id: 'b', rank: 2, sampleIds: [...ids('hard-ham-1', 6), ...ids('spam-1', 4)] },
    ];

    expect(findHardHamAggressor(aggressors)?.id).toBe('b');
  });

  it('finds none when no aggressor is more than half hard ham', () => {
    const aggressors = [
      { id: 'a', rank: 1, sampleIds: [...ids('spam-2', 6), ...ids('hard-ham-1', 4)] },
      { id: 'b', rank: 2, sampleIds: [...ids('spam-2', 5), ...ids('hard-ham-1', 5)] },
    ];

    expect(findHardHamAggressor(aggressors)).toBeUndefined();
    expect(findHardHamAggressor([])).toBeUndefined();
  });
});

describe('Function: hardHamShare', () => {
  it('counts ids by their group prefix, and is 0 without ids', () => {
    expect(hardHamShare([...ids('hard-ham-1', 1), ...ids('easy-ham-1', 3)])).toBe(0.25);
    expect(hardHamShare(['hard-ham-10/00001'])).toBe(0);
    expect(hardHamShare([])).toBe(0);
  });
});
