/** Lambda entry of the Analyze task. */
import { pipelineDepsFromEnv } from '../../shared/aws/lambda-deps.ts';
import { runTask } from '../../shared/aws/task-errors.ts';
import type { Analyzed, PipelineState } from '../../shared/pipeline/types.ts';
import { analyze } from './analyze.ts';

const deps = pipelineDepsFromEnv();

export const handler = (state: PipelineState): Promise<Analyzed> =>
  runTask(() => analyze(state, deps));
