/** Lambda entry of the RunTests task. */
import { pipelineDepsFromEnv } from '../../shared/aws/lambda-deps.ts';
import { runTask } from '../../shared/aws/task-errors.ts';
import type { PipelineState, TestsOutcome } from '../../shared/pipeline/types.ts';
import { runTests } from './run-tests.ts';

const deps = pipelineDepsFromEnv();

export const handler = (state: PipelineState): Promise<TestsOutcome> =>
  runTask(() => runTests(state, deps));
