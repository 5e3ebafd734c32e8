import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
  ServiceUnavailable,
  InternalFailure,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import type { InvokeEndpointCommandInput } from '@aws-sdk/client-sagemaker-runtime';
import { infer } from '../../../functions/infer/infer.ts';
import type { InferTuning } from '../../../functions/infer/infer.ts';
import { EndpointNotFoundError } from '../../../functions/infer/errors.ts';
import { RESPONSE_MARGIN } from '../../../functions/infer/batch-planner.ts';
import { TransientError } from '../../../shared/errors.ts';
import type { InferenceSettings } from '../../../shared/bundle/types.ts';
import type { InferInput } from '../../../shared/pipeline/types.ts';
import { s3Body } from '../../shared/aws/s3-body.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';

const s3Mock = mockClient(S3Client);
const smMock = mockClient(SageMakerRuntimeClient);

const BUCKET = 'test-bucket';
const SHARD_KEY = 'work/r1/shards/00003.jsonl';
const OUTPUT_KEY = 'work/r1/outputs/00003.jsonl';
const INPUT: InferInput = {
  bucket: BUCKET,
  runId: 'r1',
  manifestKey: 'evaluations/p/v1/manifest.json',
  endpoint: 'demo-endpoint',
  shard: { index: 3, key: SHARD_KEY, count: 0 },
};
const NO_WAIT: InferTuning = { sleep: async () => undefined, random: () => 0.5 };

interface Instance {
  id: string;
  input: unknown;
}

function instances(count: number, input: (i: number) => unknown = (i) => `text ${i}`) {
  return Array.from({ length: count }, (_, i) => ({
    id: `s${String(i).padStart(2, '0')}`,
    input: input(i),
  }));
}

function bytesOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf-8');
}

function givenRun(settings: InferenceSettings, shard: Instance[]): void {
  s3Mock
    .on(GetObjectCommand, { Bucket: BUCKET, Key: 'work/r1/inference.json' })
    .callsFake(() => ({ Body: s3Body(JSON.stringify(settings)) }));
  s3Mock.on(GetObjectCommand, { Bucket: BUCKET, Key: SHARD_KEY }).callsFake(() => ({
    Body: s3Body(shard.map((line) => JSON.stringify(line) + '\n').join('')),
  }));
  s3Mock.on(PutObjectCommand).resolves({});
}

function requestOf(input: InvokeEndpointCommandInput): { instances: Instance[] } {
  return JSON.parse(new TextDecoder().decode(input.Body as Uint8Array));
}

function response(body: unknown) {
  return { Body: new TextEncoder().encode(JSON.stringify(body)) as never };
}

function echo(input: InvokeEndpointCommandInput) {
  const predictions = requestOf(input).instances.map(({ id }) => ({
    id,
    embedding: [0.5, -0.25, 1],
    scores: [0.9, 0.1],
  }));

  return response({ predictions });
}

function calls(): InvokeEndpointCommandInput[] {
  return smMock.commandCalls(InvokeEndpointCommand).map((call) => call.args[0].input);
}

function writtenOutputs(): Record<string, unknown>[] {
  const put = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
  expect(put?.Key).toBe(OUTPUT_KEY);
  expect(put?.ContentType).toBe('application/x-ndjson');

  return String(put?.Body)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

function serviceError(name: string, status: number, message: string) {
  return new SageMakerRuntimeServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message,
  });
}

/** A container's error as SageMaker reports it: HTTP 424, the container's status inside. */
function containerError(status: number, message: string) {
  const kind = status < 500 ? 'client' : 'server';

  return new ModelError({
    message: `Received ${kind} error (${status}) from primary with message "${message}"`,
    $metadata: { httpStatusCode: 424 },
    OriginalStatusCode: status,
    OriginalMessage: message,
  });
}

beforeEach(() => {
  s3Mock.reset();
  smMock.reset();
});

describe('Function: infer', () => {
  it('sends JSON instances to the endpoint in calls of at most maxBatchSize', async () => {
    const shard = instances(10);
    givenRun({ endpoint: 'demo-endpoint', maxBatchSize: 4, concurrency: 1 }, shard);
    smMock.on(InvokeEndpointCommand).callsFake(echo);
    const { deps } = testDeps();

    const out = await infer(INPUT, deps, NO_WAIT);

    expect(calls().map((c) => requestOf(c).instances.length)).toEqual([4, 4, 2]);
    expect(calls()[0]).toEqual({
      EndpointName: 'demo-endpoint',
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: new TextEncoder().encode(JSON.stringify({ instances: shard.slice(0, 4) })),
    });
    expect(out).toEqual({ index: 3, outputKey: OUTPUT_KEY, scored: 10, failed: 0 });
    expect(writtenOutputs()).toEqual(
      shard.map(({ id }) => ({ id, embedding: [0.5, -0.25, 1], scores: [0.9, 0.1] })),
    );
  });

  it('bounds each call by bytes, leaving room for the expected response', async () => {
    const maxBatchBytes = 2_000;
    const shard = instances(40, (i) => 'x'.repeat(60 + (i % 7) * 10));
    givenRun({ endpoint: 'demo-endpoint', maxBatchBytes, concurrency: 1 }, shard);
    const responseBytes: number[] = [];
    smMock.on(InvokeEndpointCommand).callsFake((input: InvokeEndpointCommandInput) => {
      const out = echo(input);
      responseBytes.push((out.Body as Uint8Array).length);
      return out;
    });
    const { deps } = testDeps();

    await infer(INPUT, deps, { ...NO_WAIT, probeBatchSize: 2 });

    const sent = calls().map((c) => requestOf(c).instances);
    expect(sent.flat()).toEqual(shard);
    expect(sent[0]).toHaveLength(2);
    let perInstance = responseBytes[0]! / 2;
    for (const [i, batch] of sent.entries()) {
      if (i === 0) continue;
      const request = (count: number) =>
        bytesOf({
          instances: shard.slice(sent.slice(0, i).flat().length).slice(0, count),
        });
      const total = (count: number) =>
        request(count) + Math.ceil(count * perInstance * RESPONSE_MARGIN);
      expect(total(batch.length)).toBeLessThanOrEqual(maxBatchBytes);
      if (i < sent.length - 1)
        expect(total(batch.length + 1)).toBeGreaterThan(maxBatchBytes);
      perInstance = Math.max(perInstance, responseBytes[i]! / batch.length);
    }
    expect(sent.length).toBeGreaterThan(3);
  });

  it('records a ModelError against its batch while the other batches succeed', async () => {
    const shard = instances(6);
    givenRun({ endpoint: 'demo-endpoint', maxBatchSize: 2, concurrency: 1 }, shard);
    const modelError = containerError(400, 'bad input');
    smMock
      .on(InvokeEndpointCommand)
      .callsFakeOnce(echo)
      .rejectsOnce(modelError)
      .callsFake(echo);
    const { deps, logs } = testDeps();

    const out = await infer(INPUT, deps, NO_WAIT);

    const reason = `ModelError: ${modelError.message}`;
    expect(writtenOutputs().map((o) => o.error)).toEqual([
      undefined,
      undefined,
      reason,
      reason,
      undefined,
      undefined,
    ]);
    expect(out).toEqual({ index: 3, outputKey: OUTPUT_KEY, scored: 4, failed: 2 });
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'batch failed',
      fields: { runId: 'r1', shard: 3, size: 2, reason },
    });
  });

  it('retries throttling and 5xx with jittered exponential backoff', async () => {
    const shard = instances(2);
    givenRun({ endpoint: 'demo-endpoint' }, shard);
    smMock
      .on(InvokeEndpointCommand)
      .rejectsOnce(serviceError('ThrottlingException', 400, 'Rate exceeded'))
      .rejectsOnce(new ServiceUnavailable({ message: 'busy', $metadata: {} }))
      .rejectsOnce(new InternalFailure({ message: 'oops', $metadata: {} }))
      .callsFake(echo);
    const waits: number[] = [];
    const { deps } = testDeps();

    const out = await infer(INPUT, deps, {
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
      baseDelayMs: 100,
    });

    expect(calls()).toHaveLength(4);
    expect(
      new Set(calls().map((c) => new TextDecoder().decode(c.Body as Uint8Array))).size,
    ).toBe(1);
    expect(waits).toEqual([50, 100, 200]);
    expect(out.scored).toBe(2);
  });

  it('retries a ModelError whose container answered 5xx or 429, then scores the batch', async () => {
    const shard = instances(2);
    givenRun({ endpoint: 'demo-endpoint' }, shard);
    smMock
      .on(InvokeEndpointCommand)
      .rejectsOnce(containerError(503, 'worker restarting'))
      .rejectsOnce(containerError(429, 'queue full'))
      .rejectsOnce(containerError(500, 'out of memory'))
      .callsFake(echo);
    const waits: number[] = [];
    const { deps } = testDeps();

    const out = await infer(INPUT, deps, {
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
      baseDelayMs: 100,
    });

    expect(calls()).toHaveLength(4);
    expect(waits).toEqual([50, 100, 200]);
    expect(out).toEqual({ index: 3, outputKey: OUTPUT_KEY, scored: 2, failed: 0 });
    expect(writtenOutputs().map((o) => o.error)).toEqual([undefined, undefined]);
  });

  it('throws a TransientError when a container keeps answering 5xx', async () => {
    givenRun({ endpoint: 'demo-endpoint' }, instances(2));
    smMock.on(InvokeEndpointCommand).rejects(containerError(502, 'bad gateway'));
    const { deps } = testDeps();

    const error = await infer(INPUT, deps, { ...NO_WAIT, maxAttempts: 2 }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe(
      'endpoint "demo-endpoint" still failing after 2 attempts: ModelError: ' +
        'Received server error (502) from primary with message "bad gateway"',
    );
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('records a 4xx ModelError against its batch without retrying it', async () => {
    givenRun({ endpoint: 'demo-endpoint' }, instances(2));
    smMock.on(InvokeEndpointCommand).rejects(containerError(413, 'too large'));
    const { deps } = testDeps();

    const out = await infer(INPUT, deps, NO_WAIT);

    expect(calls()).toHaveLength(1);
    expect(out).toEqual({ index: 3, outputKey: OUTPUT_KEY, scored: 0, failed: 2 });
    expect(writtenOutputs()[0]?.error).toBe(
      'ModelError: Received client error (413) from primary with message "too large"',
    );
  });

  it('throws a TransientError when throttling outlasts the attempts', async () => {
    givenRun({ endpoint: 'demo-endpoint' }, instances(2));
    smMock
      .on(InvokeEndpointCommand)
      .rejects(serviceError('ThrottlingException', 400, 'Rate exceeded'));
    const { deps } = testDeps();

    const error = await infer(INPUT, deps, { ...NO_WAIT, maxAttempts: 3 }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe(
      'endpoint "demo-endpoint" still failing after 3 attempts: ThrottlingException: Rate exceeded',
    );
    expect(calls()).toHaveLength(3);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('records a sample too large to send alone as failed and sends the rest', async () => {
    const maxBatchBytes = 1_000;
    const big = { id: 'big', input: 'y'.repeat(1_000) };
    const shard = [big, ...instances(3)];
    givenRun({ endpoint: 'demo-endpoint', maxBatchBytes, concurrency: 1 }, shard);
    smMock.on(InvokeEndpointCommand).callsFake(echo);
    const { deps } = testDeps();

    const out = await infer(INPUT, deps, NO_WAIT);

    const budget = maxBatchBytes - bytesOf({ instances: [] });
    expect(writtenOutputs()[0]).toEqual({
      id: 'big',
      error: `input of ${bytesOf(big)} bytes exceeds the batch budget of ${budget} bytes`,
    });
    expect(calls().flatMap((c) => requestOf(c).instances)).toEqual(shard.slice(1));
    expect(out).toMatchObject({ scored: 3, failed: 1 });
  });

  it('fails the shard naming the manifest, its endpoint field and value when the endpoint does not exist', async () => {
    givenRun({ endpoint: 'demo-endpoint' }, instances(3));
    smMock.on(InvokeEndpointCommand).rejects(
      new ValidationError({
        message: 'Endpoint demo-endpoint of account 123456789012 not found.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const { deps } = testDeps();

    const error = await infer(INPUT, deps, NO_WAIT).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EndpointNotFoundError);
    expect((error as EndpointNotFoundError).toRecord()).toEqual({
      message:
        's3://test-bucket/evaluations/p/v1/manifest.json, field "inference.endpoint": ' +
        'SageMaker endpoint "demo-endpoint" was not found in this account and region',
      file: 's3://test-bucket/evaluations/p/v1/manifest.json',
      field: 'inference.endpoint',
      value: 'demo-endpoint',
    });
    expect(calls()).toHaveLength(1);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('keeps up to `concurrency` calls in flight', async () => {
    givenRun(
      { endpoint: 'demo-endpoint', maxBatchSize: 1, concurrency: 3 },
      instances(9),
    );
    let inFlight = 0;
    let most = 0;
    smMock
      .on(InvokeEndpointCommand)
      .callsFake(async (input: InvokeEndpointCommandInput) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return echo(input);
      });
    const { deps } = testDeps();

    const out = await infer(INPUT, deps, NO_WAIT);

    expect(most).toBe(3);
    expect(out.scored).toBe(9);
    expect(writtenOutputs().map((o) => o.id)).toEqual(instances(9).map((i) => i.id));
  });

  it('throws naming the field when a batch limit is not a positive integer', async () => {
    givenRun({ endpoint: 'demo-endpoint', maxBatchSize: 0 }, instances(1));
    const { deps } = testDeps();

    await expect(infer(INPUT, deps, NO_WAIT)).rejects.toThrow(
      'work/r1/inference.json: field "inference.maxBatchSize" must be a positive integer, got 0',
    );
  });
});
