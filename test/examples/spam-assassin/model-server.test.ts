import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EndpointInputError,
  startInferenceServer,
} from '../../../infra/local/inference-server.ts';
import { ModelFileError } from '../../../examples/spam-assassin/errors.ts';
import { loadSpamEndpoints } from '../../../examples/spam-assassin/model-server.ts';
import { temporaryDir } from './fixtures.ts';
import { tinyModel, writeTinyDemo } from './model-fixtures.ts';

let dir: string;

beforeEach(async () => {
  dir = await temporaryDir();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Function: loadSpamEndpoints', () => {
  it('serves one endpoint per model file that embeds and scores e-mail text', async () => {
    const { modelsDir, vocabularyPath } = await writeTinyDemo(dir);

    const endpoints = await loadSpamEndpoints(modelsDir, vocabularyPath);
    const predictions = await endpoints['spam-test']?.([
      { id: 'a', input: 'Subject: free money\n\nfree' },
      { id: 'b', input: 'Subject: hi\n\n12345' },
    ]);

    expect(Object.keys(endpoints)).toEqual(['spam-test']);
    expect(predictions?.[0]).toMatchObject({
      id: 'a',
      embedding: [1, 0],
      prediction: 'spam',
    });
    expect(predictions?.[1]).toEqual({
      id: 'b',
      embedding: [0, 0],
      scores: [0.5, 0.5],
      prediction: 'ham',
    });
  });

  it('rejects an input that is not text with EndpointInputError naming the instance', async () => {
    const { modelsDir, vocabularyPath } = await writeTinyDemo(dir);
    const endpoints = await loadSpamEndpoints(modelsDir, vocabularyPath);

    const calling = endpoints['spam-test']?.([{ id: 'x', input: { text: 'hi' } }]);

    await expect(calling).rejects.toThrow(EndpointInputError);
    await expect(calling).rejects.toThrow('instance x: input must be the e-mail text');
  });

  it('refuses a model trained with another vocabulary, naming file and field', async () => {
    const stale = tinyModel({
      embedding: { ...tinyModel().embedding, vocabularyFingerprint: 'older' },
    });
    const { modelsDir, vocabularyPath } = await writeTinyDemo(dir, [stale]);

    const loading = loadSpamEndpoints(modelsDir, vocabularyPath);

    await expect(loading).rejects.toThrow(ModelFileError);
    await expect(loading).rejects.toThrow(
      `file ${path.join(modelsDir, 'spam-test.json')}, field embedding.vocabularyFingerprint, value "older"`,
    );
  });

  it('refuses a model file not named after its endpoint', async () => {
    const { modelsDir, vocabularyPath } = await writeTinyDemo(dir);
    await rename(
      path.join(modelsDir, 'spam-test.json'),
      path.join(modelsDir, 'other.json'),
    );

    await expect(loadSpamEndpoints(modelsDir, vocabularyPath)).rejects.toThrow(
      'the file must be named after its endpoint (other.json)',
    );
  });

  it('answers InvokeEndpoint through the local inference server', async () => {
    const { modelsDir, vocabularyPath } = await writeTinyDemo(dir);
    const server = await startInferenceServer({
      endpoints: await loadSpamEndpoints(modelsDir, vocabularyPath),
    });
    const client = new SageMakerRuntimeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const send = (instances: unknown[]) =>
      client.send(
        new InvokeEndpointCommand({
          EndpointName: 'spam-test',
          ContentType: 'application/json',
          Body: new TextEncoder().encode(JSON.stringify({ instances })),
        }),
      );

    try {
      const response = await send([{ id: 'a', input: 'Subject: project meeting\n\n' }]);
      const body = JSON.parse(new TextDecoder().decode(response.Body));
      const failure = await send([{ id: 'b', input: 7 }]).catch(
        (error: unknown) => error,
      );

      expect(body.predictions[0]).toMatchObject({ id: 'a', prediction: 'ham' });
      expect(failure).toBeInstanceOf(ModelError);
      expect((failure as ModelError).OriginalStatusCode).toBe(400);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
