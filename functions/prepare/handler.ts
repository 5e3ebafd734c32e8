/** Lambda entry of the Prepare task. */
import { pipelineDepsFromEnv } from '../../shared/aws/lambda-deps.ts';
import { runTask } from '../../shared/aws/task-errors.ts';
import type { PipelineState, Prepared } from '../../shared/pipeline/types.ts';
import { prepare } from './prepare.ts';

const deps = pipelineDepsFromEnv();

export const handler = (state: PipelineState): Promise<Prepared> =>
  runTask(() => prepare(state, deps));
