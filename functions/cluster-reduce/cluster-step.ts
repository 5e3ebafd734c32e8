/**
 * The coordinator of distributed k-means: ClusterInit and ClusterReduce call
 * the same function, their Task states saying which step (`Parameters`).
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import type { ClusteringLoop, ClusterStepInput } from '../../shared/pipeline/types.ts';
import { ClusteringStateError } from '../cluster-shard/errors.ts';
import { clusterInit } from './cluster-init.ts';
import { clusterReduce } from './cluster-reduce.ts';

export async function clusterStep(
  input: ClusterStepInput,
  deps: PipelineDeps,
): Promise<ClusteringLoop> {
  if (input.step === 'init') return clusterInit(input.state, deps);
  if (input.step === 'reduce') return clusterReduce(input.state, deps);

  throw new ClusteringStateError(
    input.state?.runId ?? 'unknown',
    'step',
    input.step,
    "'init' or 'reduce'",
  );
}
