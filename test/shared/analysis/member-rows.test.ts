import { describe, expect, it } from 'vitest';

import { SampleInputError } from '../../../shared/analysis/errors.ts';
import { memberRows } from '../../../shared/analysis/member-rows.ts';

describe('Function: memberRows', () => {
  it('returns the row of each member id, in the members’ order', () => {
    expect(Array.from(memberRows(['a', 'b', 'c', 'd'], ['d', 'b']))).toEqual([3, 1]);
  });

  it('refuses an id that is not a row, naming it', () => {
    expect(() => memberRows(['a'], ['x'])).toThrow(SampleInputError);
    expect(() => memberRows(['a'], ['x'])).toThrow(
      'sample x: field id must be the id of a clustered sample, got "x"',
    );
  });
});
