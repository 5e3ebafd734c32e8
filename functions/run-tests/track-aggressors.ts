/** This run's aggressors against the previous version's, read from their results. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { RunResults } from '../analyze/results.ts';
import { getJson } from '../../shared/aws/s3-io.ts';
import {
  matchAggressors,
  type TrackedAggressor,
} from '../../shared/tracking/match-aggressors.ts';
import type { TrackedRun } from '../../shared/tracking/tracked-run.ts';
import type { AggressorTracking } from '../../shared/tracking/types.ts';

export interface RunWithResults {
  run: TrackedRun;
  resultsKey: string;
}

export async function trackAggressors(
  s3: S3Client,
  bucket: string,
  current: RunWithResults,
  previous: RunWithResults | null,
): Promise<AggressorTracking> {
  const currentAggressors = await readAggressors(s3, bucket, current.resultsKey);
  const previousAggressors = previous
    ? await readAggressors(s3, bucket, previous.resultsKey)
    : [];

  return matchAggressors({
    current: currentAggressors,
    previous: previousAggressors,
    currentSampleIds: idsOf(current.run),
    previousSampleIds: previous ? idsOf(previous.run) : new Set(),
  });
}

async function readAggressors(
  s3: S3Client,
  bucket: string,
  resultsKey: string,
): Promise<TrackedAggressor[]> {
  const results = await getJson<Pick<RunResults, 'aggressors'>>(s3, bucket, resultsKey);

  return results.aggressors.map((a) => ({
    id: a.id,
    rank: a.rank,
    size: a.size,
    meanLoss: a.meanLoss,
    lossRatio: a.lossRatio,
    errorRate: a.errorRate,
    impact: a.impact,
    hypothesis: a.hypothesis,
    sampleIds: a.sampleIds,
  }));
}

function idsOf(run: TrackedRun): Set<string> {
  return new Set(run.samples.map((s) => s.id));
}
