/** Lambda entry of the ClusterShard and AssignShard tasks. */
import { pipelineDepsFromEnv } from '../../shared/aws/lambda-deps.ts';
import { runTask } from '../../shared/aws/task-errors.ts';
import type {
  ClusterShardInput,
  ClusterShardOutput,
} from '../../shared/pipeline/types.ts';
import { clusterShard } from './cluster-shard.ts';

const deps = pipelineDepsFromEnv();

export const handler = (input: ClusterShardInput): Promise<ClusterShardOutput> =>
  runTask(() => clusterShard(input, deps));
