/** Notify was started on the success path of a state that Analyze did not complete. */
export class NotifyStateError extends Error {
  override name = 'NotifyStateError';

  constructor(runId: string, missing: string) {
    super(
      `run ${runId}: Notify on the success path needs ${missing} in the execution ` +
        'state, got nothing',
    );
  }
}
