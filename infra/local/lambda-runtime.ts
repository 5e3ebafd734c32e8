import { toTaskError } from '../../shared/aws/task-errors.ts';

/** Step Functions' limit on a state's input or output, in UTF-8 bytes. */
export const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/**
 * What the Lambda Node.js runtime does with an error a handler throws:
 * Step Functions then sees `Error` = the error's name and `Cause` = this JSON
 * document. The local stack wraps each bound handler with it, so the failure
 * path sees exactly what it sees on AWS.
 */
export class LambdaInvocationError extends Error {
  constructor(original: unknown) {
    const error = original instanceof Error ? original : new Error(String(original));
    super(
      JSON.stringify({
        errorType: error.name,
        errorMessage: error.message,
        trace: (error.stack ?? '').split('\n'),
      }),
    );
    this.name = error.name;
  }
}

/**
 * Step Functions' own error for a payload over the limit. It is terminal on
 * AWS: no Retry or Catch (not even States.ALL) matches it, and the
 * interpreter honours that through these two flags.
 */
export class DataLimitExceededError extends Error {
  override name = 'States.DataLimitExceeded';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

/**
 * A payload as it crosses the Lambda boundary: JSON text of at most 256 KiB
 * (what `undefined`, NaN or a Date become on AWS, they become here).
 */
function overTheWire(value: unknown, what: string): unknown {
  const text = JSON.stringify(value ?? null);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > STATE_PAYLOAD_LIMIT_BYTES) {
    throw new DataLimitExceededError(
      `the ${what} is ${bytes} bytes, over the ${STATE_PAYLOAD_LIMIT_BYTES}-byte state limit`,
    );
  }

  return JSON.parse(text);
}

/**
 * Binds a handler core to `deps` as its handler.ts does (errors re-thrown
 * through `toTaskError`) and reports errors as the Lambda runtime would.
 */
export function asLambda<I, O>(
  core: (input: I, deps: never) => Promise<O>,
  deps: unknown,
): (input: unknown) => Promise<unknown> {
  return async (input) => {
    const event = overTheWire(input, 'task input') as I;
    let output: O;
    try {
      output = await core(event, deps as never);
    } catch (error) {
      throw new LambdaInvocationError(toTaskError(error));
    }

    return overTheWire(output, 'task output');
  };
}
