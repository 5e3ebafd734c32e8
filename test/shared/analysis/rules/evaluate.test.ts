import { describe, expect, it } from 'vitest';

import { AnalysisParameterError } from '../../../../shared/analysis/errors.ts';
import { buildMetadataTable } from '../../../../shared/analysis/metadata/columns.ts';
import { ruleMask } from '../../../../shared/analysis/rules/evaluate.ts';

const table = buildMetadataTable([
  { id: 'a', metadata: { html: true, year: '2019', domain: 'x' } },
  { id: 'b', metadata: { html: false, year: '2015', domain: 'y' } },
  { id: 'c', metadata: { html: true, year: null, domain: 'x' } },
  { id: 'd', metadata: { html: true, year: '2021' } },
]);

describe('Function: ruleMask', () => {
  it('returns the rows every predicate holds for', () => {
    const mask = ruleMask(table, [
      { field: 'html', op: '=', value: true },
      { field: 'year', op: '>', value: 2017 },
    ]);

    expect(Array.from(mask)).toEqual([1, 0, 0, 1]);
  });

  it('matches missing values only with the missing bucket, never a comparison', () => {
    const missingYear = ruleMask(table, [{ field: 'year', op: '=', value: null }]);
    const lowYear = ruleMask(table, [{ field: 'year', op: '<=', value: 3000 }]);
    const noDomain = ruleMask(table, [{ field: 'domain', op: '=', value: null }]);

    expect(Array.from(missingYear)).toEqual([0, 0, 1, 0]);
    expect(Array.from(lowYear)).toEqual([1, 1, 0, 1]);
    expect(Array.from(noDomain)).toEqual([0, 0, 0, 1]);
  });

  it('throws naming a field the metadata does not have', () => {
    const evaluate = () =>
      ruleMask(table, [{ field: 'colour', op: '=', value: 'red' }]);

    expect(evaluate).toThrow(AnalysisParameterError);
    expect(evaluate).toThrow(
      'parameter predicates[0].field must be a metadata field, got "colour"',
    );
  });
});
