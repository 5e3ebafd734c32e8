import { describe, expect, it } from 'vitest';

import { SampleInputError } from '../../../../shared/analysis/errors.ts';
import { membershipMask } from '../../../../shared/analysis/metadata/membership.ts';

describe('Function: membershipMask', () => {
  it('returns a mask in sample order whatever the order of the members', () => {
    const mask = membershipMask(['a', 'b', 'c', 'd'], ['d', 'b']);

    expect(Array.from(mask)).toEqual([0, 1, 0, 1]);
  });

  it('throws naming an id that is not a sample of the run', () => {
    const build = () => membershipMask(['a', 'b'], ['a', 'zz']);

    expect(build).toThrow(SampleInputError);
    expect(build).toThrow(
      'sample zz: field sampleIds must be a sample of the run, got "zz"',
    );
  });
});
