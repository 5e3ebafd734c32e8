/**
 * One InvokeEndpoint call with retries. Throttling, 5xx and network errors
 * are retried with jittered exponential backoff, and so is a ModelError (the
 * container's error, HTTP 424) whose OriginalStatusCode is 429 or 5xx; when
 * they persist the shard ends with a TransientError (the state machine
 * retries the task). A 4xx model error or a validation error answers for its
 * batch alone; an unknown endpoint ends the run.
 */
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { waitBeforeRetry } from '../../shared/aws/backoff.ts';
import type { RetryPolicy } from '../../shared/aws/backoff.ts';
import { TransientError } from '../../shared/errors.ts';
import { EndpointNotFoundError } from './errors.ts';

export type CallResult =
  | { ok: true; body: string; bytes: number; attempts: number }
  | { ok: false; reason: string; attempts: number };

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalDependencyException',
  'ModelNotReadyException',
  'RequestTimeout',
  'TimeoutError',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED']);
const BATCH_ERROR_NAMES = new Set([
  'ModelError',
  'ValidationError',
  'ValidationException',
]);
const ENDPOINT_NOT_FOUND = /endpoint .* not found/i;

interface ErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  /** A ModelError's status as the container answered it. */
  OriginalStatusCode?: number;
}

export async function invokeWithRetry(
  sagemaker: SageMakerRuntimeClient,
  endpoint: string,
  requestBody: string,
  policy: RetryPolicy,
): Promise<CallResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const bytes = await invokeOnce(sagemaker, endpoint, requestBody);

      return {
        ok: true,
        body: new TextDecoder().decode(bytes),
        bytes: bytes.length,
        attempts: attempt,
      };
    } catch (error) {
      const shape = (error ?? {}) as ErrorShape;
      if (!isRetryable(shape)) return failedCall(endpoint, shape, error, attempt);
      if (attempt >= policy.maxAttempts)
        throw exhausted(endpoint, shape, attempt, error);

      await waitBeforeRetry(attempt, policy);
    }
  }
}

async function invokeOnce(
  sagemaker: SageMakerRuntimeClient,
  endpoint: string,
  requestBody: string,
): Promise<Uint8Array> {
  const out = await sagemaker.send(
    new InvokeEndpointCommand({
      EndpointName: endpoint,
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: new TextEncoder().encode(requestBody),
    }),
  );

  return out.Body ?? new Uint8Array();
}

function isRetryable(error: ErrorShape): boolean {
  const status = error.$metadata?.httpStatusCode;

  return (
    isRetryableStatus(modelStatusOf(error)) ||
    RETRYABLE_NAMES.has(error.name ?? '') ||
    RETRYABLE_CODES.has(error.code ?? '') ||
    error.$retryable !== undefined ||
    isRetryableStatus(status)
  );
}

/** The container's status of a ModelError; undefined for other errors. */
function modelStatusOf(error: ErrorShape): number | undefined {
  return error.name === 'ModelError' ? error.OriginalStatusCode : undefined;
}

function isRetryableStatus(status: number | undefined): boolean {
  return status !== undefined && (status === 429 || status >= 500);
}

/** A batch-level failure, or an error that ends the shard. */
function failedCall(
  endpoint: string,
  error: ErrorShape,
  original: unknown,
  attempts: number,
): CallResult {
  const message = error.message ?? '';
  if (isValidation(error) && ENDPOINT_NOT_FOUND.test(message)) {
    throw new EndpointNotFoundError(endpoint, undefined, { cause: original });
  }
  if (
    !BATCH_ERROR_NAMES.has(error.name ?? '') &&
    error.$metadata?.httpStatusCode !== 413
  ) {
    throw original;
  }

  return { ok: false, reason: `${error.name ?? 'Error'}: ${message}`, attempts };
}

function isValidation(error: ErrorShape): boolean {
  return error.name === 'ValidationError' || error.name === 'ValidationException';
}

function exhausted(
  endpoint: string,
  error: ErrorShape,
  attempts: number,
  original: unknown,
): TransientError {
  return new TransientError(
    `endpoint "${endpoint}" still failing after ${attempts} attempts: ` +
      `${error.name ?? 'Error'}: ${error.message ?? ''}`,
    { cause: original },
  );
}
