import { seededRandom } from '../../../../shared/analysis/random.ts';

/** Ten and nine values with distinct means (no ties). */
export const higher = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 4.9, 3.7, 5.1];
export const lower = [1.2, 2.3, 1.8, 2.9, 1.1, 2.2, 3.0, 1.7, 2.5];

/** Small integers with many ties across and within the samples. */
export const tiedA = [1, 2, 2, 3, 3, 3, 4, 5];
export const tiedB = [1, 1, 2, 2, 3, 0, 0, 4, 1];

/**
 * Seed 7: x = 40 draws of 1 + three uniforms, then y = 60 draws of 0.8 + three
 * uniforms, from the same mulberry32 stream (dumped to JSON for scipy).
 */
export function seededPair(): { x: number[]; y: number[] } {
  const random = seededRandom(7);
  const draw = (offset: number) => offset + random() + random() + random();
  const x = Array.from({ length: 40 }, () => draw(1));
  const y = Array.from({ length: 60 }, () => draw(0.8));

  return { x, y };
}
