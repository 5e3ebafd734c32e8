import { StatisticInputError } from '../errors.ts';
import { checkOpenUnit } from './check.ts';
import { standardNormalQuantile } from './distributions.ts';

/**
 * Wilson score interval for a proportion of `successes` in `trials`, at the
 * two-sided `confidence` (default 0.95), without continuity correction:
 * (p + z²/2n ± z sqrt(p(1 - p)/n + z²/4n²)) / (1 + z²/n), clipped to [0, 1].
 *
 * @throws StatisticInputError unless 0 <= successes <= trials are integers,
 *   trials > 0 and 0 < confidence < 1.
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  confidence = 0.95,
): [number, number] {
  if (!Number.isSafeInteger(trials) || trials < 1) {
    throw new StatisticInputError('trials', trials, 'an integer >= 1');
  }
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > trials) {
    throw new StatisticInputError(
      'successes',
      successes,
      `an integer in [0, ${trials}]`,
    );
  }
  checkOpenUnit(confidence, 'confidence');

  const z = standardNormalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = p + z2n / 2;
  const halfWidth = z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  const scale = 1 + z2n;

  return [
    successes === 0 ? 0 : Math.max(0, (centre - halfWidth) / scale),
    successes === trials ? 1 : Math.min(1, (centre + halfWidth) / scale),
  ];
}
