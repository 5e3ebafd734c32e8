import { deriveSeed, shuffled } from '../../examples/spam-assassin/random.ts';
import { seededRandom, type RandomSource } from '../../shared/analysis/random.ts';

/**
 * An independent seeded stream per purpose (`<kind>/group`, `<kind>/order`,
 * ...), so a plant's group and member order do not depend on its strength:
 * stronger plants of a seed degrade a superset of the weaker ones' members.
 */
export function streamFor(seed: number, purpose: string): RandomSource {
  return seededRandom(deriveSeed(seed, purpose));
}

export { shuffled };
