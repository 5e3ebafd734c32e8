/**
 * Id lookups over a run's samples, built once per analysis and passed on. At
 * a million samples each `new Map(items.map(...))` allocates a million
 * temporary pairs on top of the map (about 100 MB of garbage), so the row
 * index is filled in a plain loop and callers share it instead of each
 * building its own.
 */

/** What the analysis needs of a map by id: lookups, not iteration. */
export interface Lookup<T> {
  get(id: string): T | undefined;
}

/** Row of each id: `ids[row]` → row. */
export function rowIndex(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let row = 0; row < ids.length; row++) index.set(ids[row] as string, row);

  return index;
}

/** Whether the two lists hold the same ids in the same order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;

  return true;
}
