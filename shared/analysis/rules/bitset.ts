/** A set of rows as 32-bit words, row i at bit i % 32 of word i >> 5. */
export type Bitset = Uint32Array;

export function bitsetFromMask(mask: ArrayLike<number>): Bitset {
  const bits = new Uint32Array((mask.length + 31) >> 5);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) {
      bits[i >> 5]! |= 1 << (i & 31);
    }
  }

  return bits;
}

/** Writes a ∩ b into `out` and returns its size. */
export function intersectInto(a: Bitset, b: Bitset, out: Bitset): number {
  let count = 0;
  for (let w = 0; w < a.length; w++) {
    const word = (a[w] as number) & (b[w] as number);
    out[w] = word;
    count += popcount(word);
  }

  return count;
}

/** |a ∩ b|. */
export function intersectionSize(a: Bitset, b: Bitset): number {
  let count = 0;
  for (let w = 0; w < a.length; w++) {
    count += popcount((a[w] as number) & (b[w] as number));
  }

  return count;
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);

  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}
