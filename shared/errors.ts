/**
 * Errors the state machine treats specially. A Task that throws an error
 * named `TransientError` is retried with backoff (see infra/pipeline.ts);
 * every other error goes straight to the failure path.
 */
export class TransientError extends Error {
  override name = 'TransientError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
