import { seededRandom, type RandomSource } from '../../shared/analysis/random.ts';

/** A source of uniform numbers in [0, 1). */
export type Random = RandomSource;

/** The analysis's seeded generator (Mulberry32), so both draw alike. */
export function createRandom(seed: number): Random {
  return seededRandom(seed);
}

/** A seed derived from a base seed and a name (FNV-1a over both). */
export function deriveSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const char of name) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }

  return hash >>> 0;
}

/** A shuffled copy (Fisher-Yates); the input is left as it was. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }

  return copy;
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  const u = 1 - random();
  const v = random();

  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
