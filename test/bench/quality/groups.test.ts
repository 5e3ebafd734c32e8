import { describe, expect, it } from 'vitest';

import { eligibleGroups, membersWhere } from '../../../bench/quality/groups.ts';

const metadata = [
  ...Array.from({ length: 3 }, () => ({ domain: 'c.org' })),
  ...Array.from({ length: 2 }, () => ({ domain: 'a.org' })),
  ...Array.from({ length: 4 }, () => ({ domain: 'b.org' })),
  ...Array.from({ length: 3 }, () => ({ domain: null })),
  { domain: 'd.org' },
];

describe('Function: eligibleGroups', () => {
  it('returns the values held by min to max samples, bounds included, sorted', () => {
    expect(eligibleGroups(metadata, 'domain', { min: 2, max: 3 })).toEqual([
      'a.org',
      'c.org',
    ]);
  });

  it('never counts null or missing values as a group', () => {
    expect(eligibleGroups(metadata, 'domain', { min: 3, max: 3 })).toEqual(['c.org']);
    expect(eligibleGroups(metadata, 'absent', { min: 1, max: 99 })).toEqual([]);
  });

  it('throws naming the sizes when min exceeds max', () => {
    expect(() => eligibleGroups(metadata, 'domain', { min: 4, max: 2 })).toThrow(
      expect.objectContaining({ field: 'size', value: '4..2' }),
    );
  });
});

describe('Function: membersWhere', () => {
  it('returns the indexes holding the value, ascending', () => {
    expect(membersWhere(metadata, 'domain', 'a.org')).toEqual([3, 4]);
  });
});
