import { describe, expect, it } from 'vitest';

import { StatisticInputError } from '../../../../shared/analysis/errors.ts';
import { gTest } from '../../../../shared/analysis/stats/g-test.ts';

describe('Function: gTest', () => {
  it('matches scipy on a 2 x 3 table', () => {
    const result = gTest([
      [12, 5, 9],
      [3, 14, 6],
    ]);

    // scipy.stats.chi2_contingency(table, correction=False, lambda_='log-likelihood')
    expect(result.g).toBeCloseTo(10.641515733803633, 12);
    expect(result.df).toBe(2);
    expect(result.pValue).toBeCloseTo(0.004889047073883983, 14);
    expect(result.williamsQ).toBe(1);
  });

  it('divides G by Williams q when asked', () => {
    const result = gTest(
      [
        [12, 5, 9],
        [3, 14, 6],
      ],
      { williams: true },
    );

    // q = 1 + (N Σ1/R - 1)(N Σ1/C - 1) / (6 N df) in numpy; G / q;
    // scipy.stats.chi2.sf(G / q, 2)
    expect(result.williamsQ).toBeCloseTo(1.0415968253169954, 14);
    expect(result.g).toBeCloseTo(10.216540099923055, 12);
    expect(result.pValue).toBeCloseTo(0.006046534082870708, 14);
  });

  it('keeps precision far into the tail of a 2 x 2 table', () => {
    const result = gTest([
      [30, 10],
      [12, 28],
    ]);

    // scipy.stats.chi2_contingency([[30, 10], [12, 28]], correction=False,
    //   lambda_='log-likelihood')
    expect(result.g).toBeCloseTo(16.84750973891665, 12);
    expect(result.pValue / 4.0506443841202555e-5).toBeCloseTo(1, 10);
  });

  it('counts zero cells as adding nothing', () => {
    const result = gTest([
      [0, 7, 2],
      [5, 0, 3],
      [1, 1, 4],
    ]);

    // scipy.stats.chi2_contingency(table, correction=False, lambda_='log-likelihood')
    expect(result.g).toBeCloseTo(19.38003110773187, 12);
    expect(result.df).toBe(4);
    expect(result.pValue).toBeCloseTo(0.000661695304003463, 14);
  });

  it('returns G = 0 and p = 1 for a table in exact proportion', () => {
    const result = gTest([
      [2, 4],
      [4, 8],
    ]);

    expect(result.g).toBeCloseTo(0, 12);
    expect(result.pValue).toBeCloseTo(1, 12);
  });

  it('throws StatisticInputError for a table of one row', () => {
    expect(() => gTest([[1, 2, 3]])).toThrow(StatisticInputError);
    expect(() => gTest([[1, 2, 3]])).toThrow(
      'table must be at least 2 x 2, got "1 x 3"',
    );
  });

  it('throws StatisticInputError naming a ragged row, a bad count or an empty column', () => {
    expect(() => gTest([[1, 2], [3]])).toThrow('table[1].length must be 2, got 1');
    expect(() =>
      gTest([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow('table[0][1] must be a count >= 0, got -2');
    expect(() =>
      gTest([
        [1, 0],
        [3, 0],
      ]),
    ).toThrow('table[*][1] must be a column with some counts, got 0');
  });
});
