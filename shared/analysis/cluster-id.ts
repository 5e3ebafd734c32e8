import { createHash } from 'node:crypto';

/** Hex characters kept of the SHA-256: 48 bits, ample for one run's clusters. */
export const CLUSTER_ID_LENGTH = 12;

/**
 * A cluster's stable id: the first 12 hex characters of the SHA-256 of its
 * member sample ids, sorted by code unit and JSON-encoded. The same members
 * give the same id whatever their order or the cluster's index.
 */
export function clusterId(sampleIds: readonly string[]): string {
  const sorted = [...sampleIds].sort(compareCodeUnits);

  return createHash('sha256')
    .update(JSON.stringify(sorted))
    .digest('hex')
    .slice(0, CLUSTER_ID_LENGTH);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
