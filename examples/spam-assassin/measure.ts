/**
 * Builds the SpamAssassin demo, serves its models on the local inference
 * server, scores the evaluation split through the real SageMaker runtime
 * client and prints each group's error rate per model version.
 *
 *   npx tsx examples/spam-assassin/measure.ts [--state-dir DIR] [--fresh]
 *     [--versions v1,...] [--labeling-queue FILE]
 *
 * `--fresh` deletes the vocabulary cache first, to time a build that reads GloVe.
 * v2 and v3 learn from v1's labeling queue: pass its Ground Truth manifest
 * (`results/spam-assassin/v1/<runId>/labeling-queue.manifest`) as FILE.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import { startInferenceServer } from '../../infra/local/inference-server.ts';
import type { EndpointPrediction } from '../../infra/local/inference-server.ts';
import type { Sample } from '../../shared/bundle/types.ts';
import { buildSpamDemo, MAX_BATCH_SIZE } from './build.ts';
import { queuedSampleIds } from './labeling-queue.ts';
import { loadSpamEndpoints } from './model-server.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface GroupTally {
  samples: number;
  errors: number;
}

async function main() {
  const { values } = parseArgs({
    options: {
      'state-dir': { type: 'string', default: path.join(REPO_ROOT, '.aggressors') },
      fresh: { type: 'boolean', default: false },
      versions: { type: 'string', default: 'v1' },
      'labeling-queue': { type: 'string' },
    },
  });
  const stateDir = values['state-dir'];
  if (values.fresh)
    await rm(path.join(stateDir, 'cache'), { recursive: true, force: true });

  const buildStartedMs = performance.now();
  const demo = await buildSpamDemo({
    stateDir,
    versions: values.versions.split(','),
    labelingQueues: await labelingQueues(values['labeling-queue']),
    onProgress: (message) => console.log(`  ${message}`),
  });
  const buildSeconds = (performance.now() - buildStartedMs) / 1000;
  console.log(
    `build: ${buildSeconds.toFixed(1)} s${values.fresh ? ' (fresh cache)' : ''}`,
  );

  const loadStartedMs = performance.now();
  const endpoints = await loadSpamEndpoints(demo.modelsDir, demo.vocabularyPath);
  console.log(
    `endpoints loaded: ${((performance.now() - loadStartedMs) / 1000).toFixed(2)} s`,
  );
  const server = await startInferenceServer({ endpoints });
  const client = new SageMakerRuntimeClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  try {
    for (const [version, bundleDir] of Object.entries(demo.bundles)) {
      const samples = await readSamples(path.join(bundleDir, 'samples.jsonl'));
      const endpoint = demo.endpoints[version] ?? '';
      const predictions = await predictAll(client, endpoint, samples);
      printTable(version, endpoint, tally(samples, predictions));
    }
  } finally {
    client.destroy();
    await server.close();
  }
}

async function labelingQueues(file: string | undefined) {
  if (file === undefined) return undefined;

  return { v1: queuedSampleIds(await readFile(file, 'utf8'), file) };
}

async function readSamples(file: string): Promise<Sample[]> {
  const text = await readFile(file, 'utf8');

  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Sample);
}

async function predictAll(
  client: SageMakerRuntimeClient,
  endpoint: string,
  samples: Sample[],
) {
  const predictions = new Map<string, EndpointPrediction>();
  for (let start = 0; start < samples.length; start += MAX_BATCH_SIZE) {
    const instances = samples
      .slice(start, start + MAX_BATCH_SIZE)
      .map(({ id, input }) => ({ id, input }));
    const response = await client.send(
      new InvokeEndpointCommand({
        EndpointName: endpoint,
        ContentType: 'application/json',
        Body: new TextEncoder().encode(JSON.stringify({ instances })),
      }),
    );
    const body = JSON.parse(new TextDecoder().decode(response.Body)) as {
      predictions: EndpointPrediction[];
    };
    for (const prediction of body.predictions)
      predictions.set(prediction.id, prediction);
  }

  return predictions;
}

function tally(samples: Sample[], predictions: Map<string, EndpointPrediction>) {
  const groups = new Map<string, GroupTally>();
  for (const sample of samples) {
    const group = sample.id.split('/')[0] ?? '';
    const entry = groups.get(group) ?? { samples: 0, errors: 0 };
    entry.samples += 1;
    if (predictions.get(sample.id)?.prediction !== sample.label) entry.errors += 1;
    groups.set(group, entry);
  }

  return groups;
}

function printTable(
  version: string,
  endpoint: string,
  groups: Map<string, GroupTally>,
) {
  const total = { samples: 0, errors: 0 };
  console.log(`\n${version} (${endpoint}) on the evaluation split`);
  console.log('group        samples  errors  error rate');
  for (const [group, { samples, errors }] of [...groups].sort()) {
    total.samples += samples;
    total.errors += errors;
    console.log(row(group, samples, errors));
  }
  console.log(row('all', total.samples, total.errors));
}

function row(name: string, samples: number, errors: number): string {
  const rate = `${((100 * errors) / samples).toFixed(1)} %`;

  return `${name.padEnd(12)} ${String(samples).padStart(7)} ${String(errors).padStart(7)}  ${rate.padStart(10)}`;
}

await main();
