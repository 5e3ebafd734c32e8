/**
 * Synthetic embeddings with planted groups: GROUPS centres drawn from a
 * seeded normal (scale CENTRE_SCALE), each row a centre plus unit normal
 * noise. A row's group is a hash of its index, so a reader recomputes it
 * without storing it. The first FAILING_GROUPS groups are where the
 * synthetic model errs most (see `plantedRun`).
 */
import { seededRandom, type RandomSource } from '../../shared/analysis/random.ts';
import { writeNpy } from './npy-file.ts';

export const GROUPS = 32;
const CENTRE_SCALE = 1.5;
export const FAILING_GROUPS = 2;

/** The planted group of row i. */
export function groupOf(i: number): number {
  return (Math.imul(i + 1, 0x9e3779b1) >>> 0) % GROUPS;
}

function normalPairs(random: RandomSource, out: Float32Array): void {
  for (let i = 0; i < out.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = radius * Math.sin(angle);
  }
}

/** Writes n x d planted embeddings to `file` as float32 `.npy`. */
export function writePlantedEmbeddings(
  file: string,
  n: number,
  d: number,
  seed: number,
) {
  const centres = new Float32Array(GROUPS * d);
  normalPairs(seededRandom(seed), centres);
  centres.forEach((value, i) => (centres[i] = value * CENTRE_SCALE));

  writeNpy(file, n, d, (row0, block) => {
    normalPairs(seededRandom(seed + 1 + row0), block);
    const rows = block.length / d;
    for (let r = 0; r < rows; r++) {
      const centre = groupOf(row0 + r) * d;
      for (let j = 0; j < d; j++) {
        block[r * d + j] =
          (block[r * d + j] as number) + (centres[centre + j] as number);
      }
    }
  });
}
