/** A set of rows as 32-bit words, row i at bit i % 32 of word i >> 5. */
export type Bitset = Uint32Array;

/** Set bits of every 16-bit value: two look-ups count a word. */
const HALF_WORD_BITS = Uint8Array.from({ length: 1 << 16 }, (_, value) =>
  popcount(value),
);

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

/** |a ∩ b|, with |a ∩ b ∩ members| in `counted[0]`: one pass for both. */
export function intersectionCounts(
  a: Bitset,
  b: Bitset,
  members: Bitset,
  counted: Int32Array,
): number {
  const bits = HALF_WORD_BITS;
  let count = 0;
  let inside = 0;
  for (let w = 0; w < a.length; w++) {
    const word = (a[w] as number) & (b[w] as number);
    const member = word & (members[w] as number);
    count += (bits[word & 0xffff] as number) + (bits[word >>> 16] as number);
    inside += (bits[member & 0xffff] as number) + (bits[member >>> 16] as number);
  }
  counted[0] = inside;

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

/** Set bits of one 32-bit word. */
export function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);

  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}
