import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';

import { SampleInputError } from '../../../shared/analysis/errors.ts';
import {
  aggressorHeatmap,
  checkRunHeatmaps,
} from '../../../shared/analysis/heatmap.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((s, v, i) => s + v * (b[i] as number), 0);

  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

/** The mean cosine over every pair, taken pair by pair. */
function bruteConsistency(maps: number[][][]): number {
  const flat = maps.map((m) => m.flat());
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < flat.length; i++) {
    for (let j = i + 1; j < flat.length; j++) {
      sum += cosine(flat[i] as number[], flat[j] as number[]);
      pairs++;
    }
  }

  return sum / pairs;
}

function randomHeatmap(random: () => number, height: number, width: number) {
  return Array.from({ length: height }, () => Array.from({ length: width }, random));
}

describe('Function: aggressorHeatmap', () => {
  it('returns the cell-wise mean and the mean pairwise cosine of the heatmaps', () => {
    const random = seededRandom(5);
    const maps = Array.from({ length: 6 }, () => randomHeatmap(random, 3, 4));
    const members = maps.map((heatmap, i) => ({ id: `s${i}`, heatmap }));

    const result = aggressorHeatmap([...members, { id: 'no-map' }]);

    expect(result).toMatchObject({ height: 3, width: 4, count: 6, zeroHeatmaps: 0 });
    result?.mean.forEach((row, r) => {
      row.forEach((value, c) => {
        const expected = maps.reduce((s, m) => s + (m[r]?.[c] as number), 0) / 6;
        expect(value).toBeCloseTo(expected, 12);
      });
    });
    expect(result?.consistency).toBeCloseTo(bruteConsistency(maps), 12);
  });

  it('gives a consistency of 1 for heatmaps that differ only in scale, lower for unlike ones', () => {
    const base = [
      [0, 1],
      [2, 3],
    ];
    const alike = [1, 2, 5].map((scale, i) => ({
      id: `a${i}`,
      heatmap: base.map((row) => row.map((v) => v * scale)),
    }));
    const unlike = [
      {
        id: 'u0',
        heatmap: [
          [1, 0],
          [0, 0],
        ],
      },
      {
        id: 'u1',
        heatmap: [
          [0, 0],
          [0, 1],
        ],
      },
    ];

    expect(aggressorHeatmap(alike)?.consistency).toBeCloseTo(1, 12);
    expect(aggressorHeatmap(unlike)?.consistency).toBe(0);
  });

  it('draws the mean as a PNG whose pixels follow it', () => {
    const members = [
      { id: 'a', heatmap: [[0, 2, 4]] },
      { id: 'b', heatmap: [[0, 4, 4]] },
    ];

    const result = aggressorHeatmap(members, { cellPixels: 3 });
    const decoded = decode(result?.image.png as Uint8Array);

    expect(result?.mean).toEqual([[0, 3, 4]]);
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([9, 3, 1]);
    expect(Array.from(decoded.data.subarray(0, 9))).toEqual([
      0, 0, 0, 191, 191, 191, 255, 255, 255,
    ]);
    expect(result?.image).toMatchObject({ min: 0, max: 4 });
  });

  it('leaves all-zero heatmaps out of the consistency and counts them', () => {
    const members = [
      { id: 'a', heatmap: [[1, 1]] },
      { id: 'z', heatmap: [[0, 0]] },
    ];

    const result = aggressorHeatmap(members);

    expect(result).toMatchObject({ count: 2, zeroHeatmaps: 1, consistency: null });
    expect(result?.mean).toEqual([[0.5, 0.5]]);
  });

  it('returns null when no member carries a heatmap', () => {
    expect(aggressorHeatmap([{ id: 'a' }, { id: 'b' }])).toBeNull();
  });
});

describe('Function: checkRunHeatmaps', () => {
  it('returns the shape shared by every heatmap, or null without heatmaps', () => {
    const samples = [
      {
        id: 'a',
        heatmap: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
      { id: 'b' },
      {
        id: 'c',
        heatmap: [
          [0, 0, 0],
          [0, 0, 0],
        ],
      },
    ];

    expect(checkRunHeatmaps(samples)).toEqual({ height: 2, width: 3 });
    expect(checkRunHeatmaps([{ id: 'a' }])).toBeNull();
  });

  it('refuses a heatmap of another shape, naming the sample and both shapes', () => {
    const samples = [
      {
        id: 'a',
        heatmap: [
          [1, 2],
          [3, 4],
        ],
      },
      { id: 'b', heatmap: [[1, 2, 3]] },
    ];

    expect(() => checkRunHeatmaps(samples)).toThrow(SampleInputError);
    expect(() => checkRunHeatmaps(samples)).toThrow(
      `sample b: field heatmap must be 2 x 2 like the run's first heatmap, got "1 x 3"`,
    );
  });

  it('refuses ragged rows and non-finite cells, naming the row and cell', () => {
    const ragged = [{ id: 'r', heatmap: [[1, 2], [3]] }];
    const withNull = [{ id: 'n', heatmap: [[1, null as unknown as number]] }];

    expect(() => checkRunHeatmaps(ragged)).toThrow(
      'sample r: field heatmap[1] must be a row of 2 numbers, like row 0, got [3]',
    );
    expect(() => checkRunHeatmaps(withNull)).toThrow(
      'sample n: field heatmap[0][1] must be a finite number, got null',
    );
  });

  it('refuses an empty heatmap and one with an empty first row', () => {
    expect(() => checkRunHeatmaps([{ id: 'e', heatmap: [] }])).toThrow(
      'sample e: field heatmap must be a non-empty grid of numbers, got []',
    );
    expect(() => checkRunHeatmaps([{ id: 'e', heatmap: [[]] }])).toThrow(
      'sample e: field heatmap must be a non-empty grid of numbers, got [[]]',
    );
  });
});
