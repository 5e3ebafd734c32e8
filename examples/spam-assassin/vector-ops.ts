/** Small loops over Float64Arrays used by the logistic regression. */

export function softmaxInPlace(values: Float64Array) {
  let max = -Infinity;
  for (const value of values) max = Math.max(max, value);
  let total = 0;
  for (let k = 0; k < values.length; k += 1) {
    values[k] = Math.exp(values[k]! - max);
    total += values[k]!;
  }
  for (let k = 0; k < values.length; k += 1) values[k] = values[k]! / total;
}

/** a[aStart ..] . b[bStart ..] over `length` entries. */
export function dotAt(
  a: Float64Array,
  aStart: number,
  b: Float64Array,
  bStart: number,
  length: number,
): number {
  let sum = 0;
  for (let d = 0; d < length; d += 1) sum += a[aStart + d]! * b[bStart + d]!;

  return sum;
}

/** target[targetStart ..] += scale x source[sourceStart ..] over `length` entries. */
export function addScaled(
  target: Float64Array,
  targetStart: number,
  source: Float64Array,
  sourceStart: number,
  length: number,
  scale: number,
) {
  for (let d = 0; d < length; d += 1) {
    target[targetStart + d] =
      target[targetStart + d]! + scale * source[sourceStart + d]!;
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] ?? 0) * (b[i] ?? 0);

  return sum;
}

export function maxAbs(values: Float64Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));

  return max;
}
