import { toTaskError } from '../../shared/aws/task-errors.ts';

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
 * Binds a handler core to `deps` as its handler.ts does (errors re-thrown
 * through `toTaskError`) and reports errors as the Lambda runtime would.
 */
export function asLambda<I, O>(
  core: (input: I, deps: never) => Promise<O>,
  deps: unknown,
): (input: unknown) => Promise<O> {
  return async (input) => {
    try {
      return structuredClone(await core(structuredClone(input) as I, deps as never));
    } catch (error) {
      throw new LambdaInvocationError(toTaskError(error));
    }
  };
}
