/**
 * Id lookups over a run's samples, built once per analysis and passed on. At
 * a million samples each `new Map(items.map(...))` allocates a million
 * temporary pairs on top of the map (about 100 MB of garbage), so these
 * fill the map in a plain loop and callers share one instead of each
 * building its own.
 */

/** Row of each id: `ids[row]` → row. */
export function rowIndex(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let row = 0; row < ids.length; row++) index.set(ids[row] as string, row);

  return index;
}

/** Each item by its id. */
export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) index.set(item.id, item);

  return index;
}
