/** RunTests was started on a state that Prepare or Analyze did not complete. */
export class RunTestsStateError extends Error {
  override name = 'RunTestsStateError';

  constructor(runId: string, missing: string) {
    super(
      `run ${runId}: RunTests needs ${missing} in the execution state, got nothing`,
    );
  }
}
