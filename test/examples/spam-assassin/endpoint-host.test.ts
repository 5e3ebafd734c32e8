import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInferenceServer } from '../../../infra/local/inference-server.ts';
import { spamEndpointHost } from '../../../examples/spam-assassin/endpoint-host.ts';
import { writeSpamModel } from '../../../examples/spam-assassin/spam-model.ts';
import { temporaryDir } from './fixtures.ts';
import { tinyModel, tinyVocabulary } from './model-fixtures.ts';

/** Spam when the second component ("work") beats the first: tinyModel reversed. */
const REVERSED = tinyModel({
  weights: [
    [2, -2],
    [-2, 2],
  ],
});
const SPAMMY = 'Subject: free money\n\nfree';

let dir: string;

beforeEach(async () => {
  dir = await temporaryDir();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function modelFile(name: string, model = tinyModel()) {
  const file = path.join(dir, name);
  await writeSpamModel(file, model);

  return file;
}

describe('Function: spamEndpointHost', () => {
  it('serves a model deployed after the server started, through the SDK', async () => {
    const host = spamEndpointHost(['spam-test'], tinyVocabulary());
    const server = await startInferenceServer({ endpoints: host.endpoints });
    const client = new SageMakerRuntimeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const send = () =>
      client.send(
        new InvokeEndpointCommand({
          EndpointName: 'spam-test',
          ContentType: 'application/json',
          Body: new TextEncoder().encode(
            JSON.stringify({ instances: [{ id: 'a', input: SPAMMY }] }),
          ),
        }),
      );

    try {
      const before = await send().catch((error: unknown) => error);
      await host.deploy(await modelFile('spam-test.json'));
      const after = JSON.parse(new TextDecoder().decode((await send()).Body));

      expect(before).toBeInstanceOf(ModelError);
      expect((before as ModelError).OriginalStatusCode).toBe(500);
      expect(after.predictions[0]).toMatchObject({ id: 'a', prediction: 'spam' });
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('serves the model deployed last', async () => {
    const host = spamEndpointHost(['spam-test'], tinyVocabulary());
    await host.deploy(await modelFile('spam-test.json'));
    await rm(path.join(dir, 'spam-test.json'));

    await host.deploy(await modelFile('spam-test.json', REVERSED));
    const predictions = await host.endpoints['spam-test']?.([
      { id: 'a', input: SPAMMY },
    ]);

    expect(predictions?.[0]?.prediction).toBe('ham');
  });

  it('refuses a model for an endpoint it does not host, naming file and endpoint', async () => {
    const host = spamEndpointHost(['spam-v1'], tinyVocabulary());
    const file = await modelFile('spam-test.json');

    await expect(host.deploy(file)).rejects.toThrow(
      `no endpoint of this name is hosted (file ${file}, field endpoint, value "spam-test")`,
    );
  });

  it('refuses a model trained with another vocabulary', async () => {
    const host = spamEndpointHost(['spam-test'], tinyVocabulary());
    const stale = tinyModel({
      embedding: { ...tinyModel().embedding, vocabularyFingerprint: 'older' },
    });

    await expect(host.deploy(await modelFile('spam-test.json', stale))).rejects.toThrow(
      'field embedding.vocabularyFingerprint, value "older"',
    );
  });
});
