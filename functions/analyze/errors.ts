/** Analyze was started on a state that Prepare did not complete. */
export class AnalyzeStateError extends Error {
  override name = 'AnalyzeStateError';

  constructor(runId: string, missing: string) {
    super(`run ${runId}: Analyze needs ${missing} in the execution state, got nothing`);
  }
}
