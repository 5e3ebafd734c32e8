/** Small seeded runs for the tracking tests. */
import { seededRandom } from '../../../shared/analysis/random.ts';
import type {
  TrackedRun,
  TrackedSample,
} from '../../../shared/tracking/tracked-run.ts';
import type { AggressorTest } from '../../../shared/tracking/types.ts';

/**
 * `n` samples `s-000`…; those with index < `groupSize` have `html: true` and
 * are wrong with probability `groupErrorRate`, the rest with 0.05.
 */
export function classificationRun(
  runId: string,
  options: { n?: number; groupSize?: number; groupErrorRate: number; seed: number },
): TrackedRun {
  const { n = 400, groupSize = 100, groupErrorRate, seed } = options;
  const random = seededRandom(seed);
  const samples: TrackedSample[] = Array.from({ length: n }, (_, i) => {
    const inGroup = i < groupSize;
    const wrong = random() < (inGroup ? groupErrorRate : 0.05);
    return {
      id: `s-${String(i).padStart(3, '0')}`,
      loss: wrong ? 2 + random() : 0.1 * random(),
      correct: !wrong,
      metadata: { html: inGroup, lengthChars: String(1000 + i * 10) },
    };
  });

  return { runId, modelVersion: runId, samples, hasMetadata: true };
}

export function htmlRuleTest(overrides: Partial<AggressorTest> = {}): AggressorTest {
  return {
    schemaVersion: 1,
    name: 'html-mail',
    metric: 'errorRate',
    membership: { kind: 'rule', predicates: [{ field: 'html', op: '=', value: true }] },
    maxRegression: 0,
    savedValue: 0.4,
    ...overrides,
  };
}
