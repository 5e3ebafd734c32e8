/**
 * RunTests: evaluates the project's saved aggressor tests against this run.
 * No tests can be saved yet (tracking arrives with saved tests, issue 5), so
 * it records that on the run and evaluates nothing.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { requireManifestKey } from '../../shared/aws/manifest-key.ts';
import { updateRun } from '../../shared/aws/runs.ts';
import type { PipelineState, TestsOutcome } from '../../shared/pipeline/types.ts';

export const NO_SAVED_TESTS_NOTE =
  'no saved aggressor tests yet: tracking arrives with saved tests (issue 5)';

export async function runTests(
  state: PipelineState,
  deps: PipelineDeps,
): Promise<TestsOutcome> {
  const { project } = requireManifestKey(state.manifestKey);

  await updateRun(deps.ddb, deps.config.table, project, state.runId, {
    testsNote: NO_SAVED_TESTS_NOTE,
  });
  deps.logger.info('tests evaluated', { runId: state.runId, evaluated: 0 });

  return { evaluated: 0, note: NO_SAVED_TESTS_NOTE };
}
