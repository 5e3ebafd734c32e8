import { seededRandom } from '../analysis/random.ts';
import { ReportInputError } from './errors.ts';

/**
 * At most `limit` items, chosen uniformly with a seeded partial
 * Fisher–Yates shuffle and kept in their original order; all of them when
 * there are no more than `limit`.
 */
export function subsample<T>(items: readonly T[], limit: number, seed: number): T[] {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ReportInputError('maxMapPoints', limit, 'an integer >= 1');
  }
  if (items.length <= limit) return [...items];

  const random = seededRandom(seed);
  const order = items.map((_, index) => index);
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const chosen = order.slice(0, limit).sort((a, b) => a - b);

  return chosen.map((index) => items[index] as T);
}
