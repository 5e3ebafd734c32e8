import { describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../../shared/analysis/errors.ts';
import { buildMetadataTable } from '../../../../shared/analysis/metadata/columns.ts';
import { lossByField } from '../../../../shared/analysis/metadata/loss-by-field.ts';
import type {
  CategoricalFieldLoss,
  NumericFieldLoss,
} from '../../../../shared/analysis/metadata/types.ts';

const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const b = [2.1, 1.9, 3.5, 3.0, 6.2, 5.0, 7.7, 6.9, 9.4, 12.0];
const grades = ['a', 'b', 'a', 'c', 'a', 'b', 'a', 'c', 'c', 'b'];

const table = buildMetadataTable(
  a.map((size, i) => ({
    id: `s${i}`,
    metadata: { size, grade: grades[i] as string, source: 'corpus' },
  })),
);

describe('Function: lossByField', () => {
  it('returns Spearman rho and p for a numeric field, matching scipy', () => {
    // scipy 1.17.1: spearmanr(a, b) gives rho = 0.9515151515151514,
    // p = 2.279854920641689e-05.
    const fields = lossByField(table, Float64Array.from(b));

    const size = fields.find((f) => f.field === 'size') as NumericFieldLoss;

    expect(size.rho).toBeCloseTo(0.9515151515151514, 12);
    expect(size.pValue).toBeCloseTo(2.279854920641689e-5, 12);
    expect(size).toMatchObject({ count: 10, missing: null });
  });

  it('returns the mean loss and count of each category, worst first', () => {
    const fields = lossByField(table, Float64Array.from(b));

    const grade = fields.find((f) => f.field === 'grade') as CategoricalFieldLoss;
    const meanOf = (g: string) => {
      const losses = b.filter((_, i) => grades[i] === g);
      return losses.reduce((s, v) => s + v, 0) / losses.length;
    };

    expect(grade.values.map((v) => v.value)).toEqual(['c', 'b', 'a']);
    expect(grade.values.map((v) => v.count)).toEqual([3, 3, 4]);
    grade.values.forEach((v) =>
      expect(v.meanLoss).toBeCloseTo(meanOf(v.value as string), 12),
    );
  });

  it('leaves out constant fields', () => {
    const fields = lossByField(table, Float64Array.from(b));

    expect(fields.map((f) => f.field)).toEqual(['grade', 'size']);
  });

  it('reports a null rho with a note when the loss does not vary, and the missing loss', () => {
    const gappy = buildMetadataTable(
      [1, 2, null, 4].map((size, i) => ({ id: `s${i}`, metadata: { size } })),
    );

    const [size] = lossByField(gappy, Float64Array.from([1, 1, 5, 1]));

    expect(size).toEqual({
      field: 'size',
      kind: 'numeric',
      count: 3,
      rho: null,
      pValue: null,
      note: 'constant-loss',
      missing: { count: 1, meanLoss: 5 },
    });
  });

  it('throws on a non-finite loss or a length that does not match', () => {
    const losses = Float64Array.from(b);
    losses[4] = NaN;

    expect(() => lossByField(table, losses)).toThrow(
      'parameter losses[4] must be a finite number, got NaN',
    );
    expect(() => lossByField(table, new Float64Array(3))).toThrow(
      AnalysisParameterError,
    );
  });
});
