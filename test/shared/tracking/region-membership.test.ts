import { describe, expect, it } from 'vitest';
import { TrackingParameterError } from '../../../shared/tracking/errors.ts';
import { regionMembers } from '../../../shared/tracking/region-membership.ts';

const reference = new Map<string, number[]>([
  ['near', [1, 1]],
  ['edge', [3, 1]],
  ['far', [5, 5]],
]);

describe('Function: regionMembers', () => {
  it('returns the samples whose reference embedding lies within the radius, edge included', () => {
    const out = regionMembers({ centre: [1, 1], radius: 2 }, reference, [
      'near',
      'edge',
      'far',
    ]);

    expect(out).toEqual(['near', 'edge']);
  });

  it('leaves out samples without a reference embedding', () => {
    const out = regionMembers({ centre: [1, 1], radius: 100 }, reference, [
      'near',
      'new-sample',
    ]);

    expect(out).toEqual(['near']);
  });

  it('refuses a reference embedding whose length differs from the centre', () => {
    expect(() =>
      regionMembers({ centre: [1, 1, 1], radius: 1 }, reference, ['near']),
    ).toThrow(TrackingParameterError);
  });
});
