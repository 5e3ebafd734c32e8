import { describe, expect, it } from 'vitest';
import { jaccard, matchAggressors } from '../../../shared/tracking/match-aggressors.ts';

const ids = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `s${from + i}`);

const aggressor = (id: string, rank: number, sampleIds: string[]) => ({
  id,
  rank,
  size: sampleIds.length,
  meanLoss: 1,
  lossRatio: 2,
  errorRate: 0.5,
  impact: 0.2,
  hypothesis: '',
  sampleIds,
});

const everyId = new Set(ids(0, 100));

describe('Function: jaccard', () => {
  it('is the shared ids over the union', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe('Function: matchAggressors', () => {
  it('marks persisting, new and resolved aggressors by member overlap', () => {
    const previous = [aggressor('p1', 1, ids(0, 20)), aggressor('p2', 2, ids(50, 60))];
    const current = [aggressor('c1', 1, ids(5, 25)), aggressor('c2', 2, ids(80, 90))];

    const out = matchAggressors({
      current,
      previous,
      currentSampleIds: everyId,
      previousSampleIds: everyId,
    });

    expect(out.matches.map((m) => [m.id, m.state, m.previousId])).toEqual([
      ['c1', 'persisting', 'p1'],
      ['c2', 'new', null],
    ]);
    expect(out.matches[0]?.overlap).toBeCloseTo(15 / 25, 12);
    expect(out.resolved).toEqual([{ previousId: 'p2', size: 10, meanLoss: 1 }]);
    expect(out.absent).toEqual([]);
  });

  it('treats an overlap below the threshold as a new aggressor', () => {
    const out = matchAggressors({
      current: [aggressor('c1', 1, ids(0, 10))],
      previous: [aggressor('p1', 1, ids(8, 30))],
      currentSampleIds: everyId,
      previousSampleIds: everyId,
    });

    expect(out.matches[0]?.state).toBe('new');
    expect(out.resolved.map((r) => r.previousId)).toEqual(['p1']);
  });

  it('pairs each previous aggressor once, the best overlap first', () => {
    const out = matchAggressors({
      current: [aggressor('c1', 1, ids(0, 12)), aggressor('c2', 2, ids(0, 10))],
      previous: [aggressor('p1', 1, ids(0, 10))],
      currentSampleIds: everyId,
      previousSampleIds: everyId,
    });

    expect(out.matches.map((m) => m.previousId)).toEqual([null, 'p1']);
  });

  it('counts overlap over the samples both runs hold, and sets aside absent aggressors', () => {
    const previousIds = new Set(ids(0, 100));
    const currentIds = new Set([...ids(0, 10), ...ids(100, 140)]);
    const out = matchAggressors({
      current: [aggressor('c1', 1, [...ids(0, 10), ...ids(100, 140)])],
      previous: [aggressor('p1', 1, ids(0, 10)), aggressor('p2', 2, ids(50, 60))],
      currentSampleIds: currentIds,
      previousSampleIds: previousIds,
    });

    expect(out.matches[0]).toMatchObject({ state: 'persisting', overlap: 1 });
    expect(out.absent.map((a) => a.previousId)).toEqual(['p2']);
    expect(out.resolved).toEqual([]);
  });

  it('refuses an overlap threshold outside (0, 1]', () => {
    expect(() =>
      matchAggressors({
        current: [],
        previous: [],
        currentSampleIds: everyId,
        previousSampleIds: everyId,
        minOverlap: 0,
      }),
    ).toThrow('minOverlap must be in (0, 1], got 0');
  });
});
