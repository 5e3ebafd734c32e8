/** Lambda entry of the Infer task (one per shard, inside the Map). */
import { pipelineDepsFromEnv } from '../../shared/aws/lambda-deps.ts';
import { runTask } from '../../shared/aws/task-errors.ts';
import type { InferInput, InferOutput } from '../../shared/pipeline/types.ts';
import { infer } from './infer.ts';

const deps = pipelineDepsFromEnv();

export const handler = (input: InferInput): Promise<InferOutput> =>
  runTask(() => infer(input, deps));
