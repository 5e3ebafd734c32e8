/** Lambda entry of the ClusterInit and ClusterReduce tasks. */
import { pipelineDepsFromEnv } from '../../shared/aws/lambda-deps.ts';
import { runTask } from '../../shared/aws/task-errors.ts';
import type { ClusteringLoop, ClusterStepInput } from '../../shared/pipeline/types.ts';
import { clusterStep } from './cluster-step.ts';

const deps = pipelineDepsFromEnv();

export const handler = (input: ClusterStepInput): Promise<ClusteringLoop> =>
  runTask(() => clusterStep(input, deps));
