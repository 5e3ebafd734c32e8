/**
 * The delivery id of a run's alert: the same for every attempt and every
 * re-execution of the run's Notify step, so a receiver drops repeats by it.
 * It is derived from the run id and the run's final status: a run that
 * failed and then succeeded under the same id is two alerts.
 */
import { createHash } from 'node:crypto';

export function deliveryIdOf(runId: string, status: 'succeeded' | 'failed'): string {
  const digest = createHash('sha256').update(`aggressors-alert\n${runId}\n${status}`);

  return digest.digest('hex').slice(0, 32);
}
