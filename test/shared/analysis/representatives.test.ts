import { describe, expect, it } from 'vitest';

import { NonFiniteLossError } from '../../../shared/analysis/errors.ts';
import { representatives } from '../../../shared/analysis/representatives.ts';

// Rows 0-5 are the aggressor, centred at (1, 0); row 6 is outside it.
const sampleIds = ['f', 'b', 'e', 'a', 'c', 'd', 'z'];
const embeddings = Float32Array.from([1, 0, 1, 1, 1, -1, 3, 0, -1, 0, 1, 0, 1, 0.1]);
const losses = Float64Array.from([0.1, 5, 2, 2, 0.3, 0.2, 99]);
const memberRows = [0, 1, 2, 3, 4, 5];

describe('Function: representatives', () => {
  it('returns the members nearest the centre and those with the highest loss', () => {
    const result = representatives({
      sampleIds,
      embeddings,
      dimensions: 2,
      losses,
      memberRows,
      typicalCount: 3,
      worstCount: 3,
    });

    expect(result.typical).toEqual([
      { id: 'd', loss: 0.2, distanceToCentre: 0 },
      { id: 'f', loss: 0.1, distanceToCentre: 0 },
      { id: 'b', loss: 5, distanceToCentre: 1 },
    ]);
    expect(result.worst.map((s) => [s.id, s.loss])).toEqual([
      ['b', 5],
      ['a', 2],
      ['e', 2],
    ]);
  });

  it('uses 5 of each by default and returns all members of a smaller aggressor', () => {
    const five = representatives({
      sampleIds,
      embeddings,
      dimensions: 2,
      losses,
      memberRows,
    });
    const small = representatives({
      sampleIds,
      embeddings,
      dimensions: 2,
      losses,
      memberRows: [6, 3],
    });

    expect(five.typical).toHaveLength(5);
    expect(five.worst).toHaveLength(5);
    expect(five.worst.map((s) => s.id)).not.toContain('z');
    expect(small.worst.map((s) => s.id)).toEqual(['z', 'a']);
    for (const sample of small.typical) {
      expect(sample.distanceToCentre).toBeCloseTo(Math.hypot(1, 0.05), 6);
    }
  });

  it('refuses a non-finite member loss, naming the sample', () => {
    const bad = Float64Array.from([0, NaN, 0, 0, 0, 0, 0]);

    expect(() =>
      representatives({
        sampleIds,
        embeddings,
        dimensions: 2,
        losses: bad,
        memberRows,
      }),
    ).toThrow(new NonFiniteLossError('b', NaN));
  });

  it('refuses no members, a row out of range and losses of the wrong length', () => {
    const base = { sampleIds, embeddings, dimensions: 2, losses };

    expect(() => representatives({ ...base, memberRows: [] })).toThrow(
      'parameter memberRows must be at least one row, got 0',
    );
    expect(() => representatives({ ...base, memberRows: [7] })).toThrow(
      'parameter memberRows[0] must be a row index from 0 to 6, got 7',
    );
    expect(() =>
      representatives({ ...base, losses: Float64Array.from([1]), memberRows }),
    ).toThrow('parameter losses must be one entry per row (7), got 1');
  });
});
