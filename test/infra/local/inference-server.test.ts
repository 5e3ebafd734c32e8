import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EndpointInputError,
  startInferenceServer,
} from '../../../infra/local/inference-server.ts';
import type {
  EndpointInstance,
  EndpointModel,
  InferenceServer,
} from '../../../infra/local/inference-server.ts';

const MAX_REQUEST_BYTES = 64 * 1024;

const lengthModel: EndpointModel = async (instances: EndpointInstance[]) =>
  instances.map(({ id, input }) => {
    if (typeof input !== 'string')
      throw new EndpointInputError(`${id}: input is not text`);
    return { id, embedding: [input.length], scores: [0.25, 0.75], prediction: 'spam' };
  });

const crashingModel: EndpointModel = async () => {
  throw new Error('weights are corrupt');
};

let server: InferenceServer;
let client: SageMakerRuntimeClient;

beforeAll(async () => {
  server = await startInferenceServer({
    endpoints: { 'length-v1': lengthModel, 'crash-v1': crashingModel },
    maxRequestBytes: MAX_REQUEST_BYTES,
    accountId: '123456789012',
  });
  client = new SageMakerRuntimeClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

function invoke(endpointName: string, body: string | Uint8Array) {
  return client.send(
    new InvokeEndpointCommand({
      EndpointName: endpointName,
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
    }),
  );
}

async function invocationError(endpointName: string, body: string | Uint8Array) {
  try {
    await invoke(endpointName, body);
  } catch (error) {
    return error as SageMakerRuntimeServiceException;
  }
  throw new Error('expected the invocation to fail');
}

describe('Function: startInferenceServer', () => {
  it('listens on an ephemeral loopback port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('returns the predictions of the named endpoint through InvokeEndpoint', async () => {
    const body = {
      instances: [
        { id: 'a', input: 'four' },
        { id: 'b', input: '' },
      ],
    };

    const response = await invoke('length-v1', JSON.stringify(body));

    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(response.ContentType).toBe('application/json');
    expect(response.InvokedProductionVariant).toBe('AllTraffic');
    expect(JSON.parse(new TextDecoder().decode(response.Body))).toEqual({
      predictions: [
        { id: 'a', embedding: [4], scores: [0.25, 0.75], prediction: 'spam' },
        { id: 'b', embedding: [0], scores: [0.25, 0.75], prediction: 'spam' },
      ],
    });
  });

  it('raises ValidationError naming the endpoint and account for an unknown endpoint', async () => {
    const error = await invocationError('nope', JSON.stringify({ instances: [] }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('Endpoint nope of account 123456789012 not found.');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$fault).toBe('client');
  });

  it('raises ModelError with the original status 500 when the model throws', async () => {
    const body = JSON.stringify({ instances: [{ id: 'a', input: 'x' }] });

    const error = (await invocationError('crash-v1', body)) as ModelError;

    expect(error).toBeInstanceOf(ModelError);
    expect(error.$metadata.httpStatusCode).toBe(424);
    expect(error.OriginalStatusCode).toBe(500);
    expect(error.OriginalMessage).toBe('weights are corrupt');
    expect(error.message).toContain('Received server error (500) from primary');
    expect(error.LogStreamArn).toBe(
      'arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/crash-v1',
    );
  });

  it('raises ModelError with the original status 400 when the model rejects an input', async () => {
    const body = JSON.stringify({ instances: [{ id: 'a', input: 42 }] });

    const error = (await invocationError('length-v1', body)) as ModelError;

    expect(error).toBeInstanceOf(ModelError);
    expect(error.OriginalStatusCode).toBe(400);
    expect(error.OriginalMessage).toBe('a: input is not text');
    expect(error.message).toContain('Received client error (400) from primary');
  });

  it('raises ModelError with the original status 400 for a body that is not JSON', async () => {
    const error = (await invocationError('length-v1', '{"instances": [')) as ModelError;

    expect(error).toBeInstanceOf(ModelError);
    expect(error.OriginalStatusCode).toBe(400);
    expect(error.OriginalMessage).toMatch(/^request body is not valid JSON/);
  });

  it('raises ModelError when the body has no instances array', async () => {
    const error = (await invocationError('length-v1', '{"inputs": []}')) as ModelError;

    expect(error).toBeInstanceOf(ModelError);
    expect(error.OriginalStatusCode).toBe(400);
    expect(error.OriginalMessage).toContain('field instances is not an array');
  });

  it('answers 413 with the limit in the message for a body over the limit', async () => {
    const oversized = new Uint8Array(MAX_REQUEST_BYTES + 1).fill(0x20);

    const error = await invocationError('length-v1', oversized);

    expect(error).toBeInstanceOf(SageMakerRuntimeServiceException);
    expect(error).not.toBeInstanceOf(ModelError);
    expect(error.name).toBe('Unknown');
    expect(error.$metadata.httpStatusCode).toBe(413);
    expect(error.message).toBe(
      `HTTP content length exceeded ${MAX_REQUEST_BYTES} bytes.`,
    );
  });

  it('accepts a body exactly at the limit', async () => {
    const json = JSON.stringify({ instances: [{ id: 'a', input: 'x' }] });
    const padded = json.padEnd(MAX_REQUEST_BYTES, ' ');

    const response = await invoke('length-v1', padded);

    expect(response.$metadata.httpStatusCode).toBe(200);
  });
});
