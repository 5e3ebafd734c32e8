/** The run's results as stored in S3 and summarised in DynamoDB. */
import type { AggressorSummary } from '../../shared/aws/runs.ts';
import type {
  Aggressor,
  ClusteringInfo,
  OverallMetrics,
  RunAnalysis,
  RunCounts,
} from '../../shared/analysis/types.ts';

export const RESULTS_SCHEMA_VERSION = 1;

export interface RunIdentity {
  project: string;
  modelVersion: string;
  runId: string;
}

/** `aggressors.json`: the shape `aggressors show --json` prints (DESIGN.md "Results"). */
export interface RunResults extends RunIdentity {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  status: 'succeeded';
  counts: RunCounts;
  overall: OverallMetrics;
  aggressors: Aggressor[];
  clustering: ClusteringInfo;
}

export function runResults(identity: RunIdentity, analysis: RunAnalysis): RunResults {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    project: identity.project,
    modelVersion: identity.modelVersion,
    runId: identity.runId,
    status: 'succeeded',
    counts: analysis.counts,
    overall: analysis.overall,
    aggressors: analysis.aggressors,
    clustering: analysis.clustering,
  };
}

/** One small DynamoDB item per aggressor: no member ids. */
export function aggressorSummaries(
  aggressors: readonly Aggressor[],
): AggressorSummary[] {
  return aggressors.map(
    ({ id, rank, size, share, meanLoss, lossRatio, errorRate }) => ({
      id,
      rank,
      size,
      share,
      meanLoss,
      lossRatio,
      errorRate,
    }),
  );
}
