/** How much two member sets share. */
export interface Overlap {
  /** Members in both. */
  shared: number;
  /** shared / members in either. */
  jaccard: number;
  /** shared / size of the smaller set: how much of it lies inside the other. */
  containment: number;
}

/** Overlap of two non-empty sets of member ids. */
export function overlapOf(a: ReadonlySet<string>, b: ReadonlySet<string>): Overlap {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const id of small) if (large.has(id)) shared++;

  return {
    shared,
    jaccard: shared / (a.size + b.size - shared),
    containment: shared / small.size,
  };
}
