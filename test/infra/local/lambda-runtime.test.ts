import { describe, expect, it } from 'vitest';
import {
  asLambda,
  DataLimitExceededError,
  STATE_PAYLOAD_LIMIT_BYTES,
} from '../../../infra/local/lambda-runtime.ts';
import { BundleError } from '../../../shared/bundle/errors.ts';

describe('Function: asLambda', () => {
  it('passes the payload as JSON, as the Lambda boundary does', async () => {
    const echo = asLambda(
      async (input: unknown) => ({ input, missing: undefined }),
      {},
    );

    const output = await echo({ when: new Date(0), ratio: Number.NaN });

    expect(output).toEqual({
      input: { when: '1970-01-01T00:00:00.000Z', ratio: null },
    });
  });

  it('reports an error as Lambda does: same name, the error document as message', async () => {
    const failing = asLambda(async () => {
      throw new BundleError({
        message: 'samples.jsonl line 3: duplicate id',
        file: 'samples.jsonl',
        line: 3,
        field: 'id',
        value: 'a',
      });
    }, {});

    const error = await failing({}).catch((e: Error) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('BundleError');
    const document = JSON.parse((error as Error).message) as { errorMessage: string };
    expect(JSON.parse(document.errorMessage)).toMatchObject({
      file: 'samples.jsonl',
      line: 3,
      field: 'id',
      value: 'a',
    });
  });

  it('refuses an output over the 256 KiB state limit with a terminal error', async () => {
    const big = asLambda(async () => 'x'.repeat(STATE_PAYLOAD_LIMIT_BYTES), {});

    const error = await big({}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DataLimitExceededError);
    expect(error).toMatchObject({
      name: 'States.DataLimitExceeded',
      isCatchable: false,
      isRetryable: false,
    });
  });
});
