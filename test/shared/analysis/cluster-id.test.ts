import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { clusterId } from '../../../shared/analysis/cluster-id.ts';

describe('Function: clusterId', () => {
  it('returns the first 12 hex characters of the SHA-256 of the sorted ids', () => {
    const expected = createHash('sha256')
      .update('["a","b","c"]')
      .digest('hex')
      .slice(0, 12);

    expect(clusterId(['c', 'a', 'b'])).toBe(expected);
  });

  it('returns the same id whatever the order of the members', () => {
    expect(clusterId(['s-2', 's-10', 's-1'])).toBe(clusterId(['s-1', 's-2', 's-10']));
  });

  it('returns different ids for different members', () => {
    expect(clusterId(['a', 'b'])).not.toBe(clusterId(['a', 'c']));
  });

  it('does not confuse ids that join to the same text', () => {
    expect(clusterId(['ab', 'c'])).not.toBe(clusterId(['a', 'bc']));
  });
});
