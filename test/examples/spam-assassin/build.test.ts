import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSpamDemo } from '../../../examples/spam-assassin/build.ts';
import type { CorpusGroup } from '../../../examples/spam-assassin/corpus.ts';
import { loadSpamEndpoints } from '../../../examples/spam-assassin/model-server.ts';
import type { Sample } from '../../../shared/bundle/types.ts';
import type { FakeEmail } from './fixtures.ts';
import {
  fakeEmailText,
  temporaryDir,
  writeFakeCorpus,
  writeFakeEmbedding,
} from './fixtures.ts';

const WORDS: Record<CorpusGroup, string[]> = {
  'easy-ham-1': ['meeting', 'project', 'code'],
  'easy-ham-2': ['project', 'code', 'release'],
  'hard-ham-1': ['newsletter', 'offer', 'meeting'],
  'spam-1': ['free', 'money', 'offer'],
  'spam-2': ['free', 'cash', 'winner'],
};
const VECTORS = {
  meeting: [0, 1, 0],
  project: [0, 1, 0.2],
  code: [0.1, 1, 0],
  release: [0, 0.9, 0.1],
  newsletter: [0.5, 0.5, 1],
  offer: [0.8, 0, 0.5],
  free: [1, 0, 0],
  money: [1, 0.1, 0],
  cash: [0.9, 0, 0.1],
  winner: [1, 0, 0.2],
};
const PER_GROUP = 8;

function fakeCorpus(): FakeEmail[] {
  return Object.entries(WORDS).flatMap(([group, words]) =>
    Array.from({ length: PER_GROUP }, (_, i) => ({
      group: group as CorpusGroup,
      id: String(i + 1).padStart(5, '0'),
      text:
        group === 'spam-2' && i >= PER_GROUP / 2
          ? fakeEmailText('!!!', '12345 $$$')
          : fakeEmailText(words[i % 3] ?? '', words.join(' ')),
    })),
  );
}

async function readJsonLines(file: string): Promise<Sample[]> {
  const text = await readFile(file, 'utf8');

  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Sample);
}

let dir: string;
let options: Parameters<typeof buildSpamDemo>[0];

beforeEach(async () => {
  dir = await temporaryDir();
  options = {
    stateDir: path.join(dir, 'state'),
    corpusDir: await writeFakeCorpus(path.join(dir, 'corpus'), fakeCorpus()),
    embedding: { file: await writeFakeEmbedding(dir, VECTORS), source: 'fake@1.0.0' },
  };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Function: buildSpamDemo', () => {
  it('writes the v1 model and its bundle where the returned paths say', async () => {
    const demo = await buildSpamDemo(options);

    const stateDir = path.resolve(options.stateDir);
    expect(demo).toEqual({
      stateDir,
      modelsDir: path.join(stateDir, 'demo', 'models'),
      bundles: { v1: path.join(stateDir, 'demo', 'bundles', 'v1') },
      endpoints: { v1: 'spam-v1' },
      vocabularyPath: path.join(stateDir, 'cache', 'spam-vocabulary.bin'),
    });
    const manifest = JSON.parse(
      await readFile(path.join(demo.bundles.v1!, 'manifest.json'), 'utf8'),
    );
    expect(manifest).toEqual({
      schemaVersion: 1,
      project: 'spam-assassin',
      modelVersion: 'v1',
      task: 'classification',
      classes: ['ham', 'spam'],
      scores: 'probabilities',
      samples: 'samples.jsonl',
      inference: { endpoint: 'spam-v1', maxBatchSize: 64 },
      pool: 'pool/',
      labelingBudget: 50,
    });
  });

  it('puts half of each group in samples.jsonl with labels and a quarter in the unlabeled pool', async () => {
    const demo = await buildSpamDemo(options);

    const samples = await readJsonLines(path.join(demo.bundles.v1!, 'samples.jsonl'));
    const pool = await readJsonLines(
      path.join(demo.bundles.v1!, 'pool', 'samples.jsonl'),
    );
    expect(samples).toHaveLength(5 * (PER_GROUP / 2));
    expect(pool).toHaveLength(5 * (PER_GROUP / 4));
    expect(pool.every((sample) => !('label' in sample))).toBe(true);
    expect(samples.filter((sample) => pool.some((p) => p.id === sample.id))).toEqual(
      [],
    );
    for (const sample of samples) {
      const group = sample.id.split('/')[0] ?? '';
      expect(sample.label).toBe(group.startsWith('spam') ? 'spam' : 'ham');
      expect(typeof sample.input).toBe('string');
    }
  });

  it('records metadata parsed from the headers and flags e-mails with no known word', async () => {
    const demo = await buildSpamDemo(options);

    const samples = await readJsonLines(path.join(demo.bundles.v1!, 'samples.jsonl'));
    const pool = await readJsonLines(
      path.join(demo.bundles.v1!, 'pool', 'samples.jsonl'),
    );
    const all = [...samples, ...pool];
    const empty = all.filter((sample) => sample.metadata.knownWords === 0);
    const normal = all.find((sample) => sample.id === 'easy-ham-1/00001') ?? samples[0];
    expect(normal?.metadata).toEqual({
      html: false,
      multipart: false,
      mailingList: false,
      senderDomain: 'example.com',
      year: 2002,
      lengthChars: (normal?.input as string).length,
      links: 0,
      knownWords: 4,
      emptyEmbedding: false,
    });
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.every((sample) => sample.metadata.emptyEmbedding === true)).toBe(true);
    expect(empty.every((sample) => sample.id.startsWith('spam-2/'))).toBe(true);
  });

  it('trains a model the endpoint serves, separating the planted word groups', async () => {
    const demo = await buildSpamDemo(options);

    const endpoints = await loadSpamEndpoints(demo.modelsDir, demo.vocabularyPath);
    const predictions = await endpoints['spam-v1']?.([
      { id: 'ham', input: fakeEmailText('project', 'meeting code release') },
      { id: 'spam', input: fakeEmailText('free', 'money cash winner') },
    ]);
    expect(predictions?.map((prediction) => prediction.prediction)).toEqual([
      'ham',
      'spam',
    ]);
    expect(predictions?.[0]?.embedding).toHaveLength(3);
  });

  it('reuses the vocabulary cache and rebuilds identical files the second time', async () => {
    const messages: string[] = [];
    const first = await buildSpamDemo({
      ...options,
      onProgress: (m) => messages.push(m),
    });
    const firstModel = await readFile(
      path.join(first.modelsDir, 'spam-v1.json'),
      'utf8',
    );
    const firstSamples = await readFile(
      path.join(first.bundles.v1!, 'samples.jsonl'),
      'utf8',
    );
    await rm(options.embedding!.file);
    messages.length = 0;

    const second = await buildSpamDemo({
      ...options,
      onProgress: (m) => messages.push(m),
    });

    expect(messages.some((message) => message.startsWith('reading fake@1.0.0'))).toBe(
      false,
    );
    expect(await readFile(path.join(second.modelsDir, 'spam-v1.json'), 'utf8')).toBe(
      firstModel,
    );
    expect(await readFile(path.join(second.bundles.v1!, 'samples.jsonl'), 'utf8')).toBe(
      firstSamples,
    );
  });

  it('trains v2 on the queued pool e-mails and v3 with noisy labels, same data otherwise', async () => {
    const v1 = await buildSpamDemo(options);
    const pool = await readJsonLines(
      path.join(v1.bundles.v1!, 'pool', 'samples.jsonl'),
    );
    const queue = pool.slice(0, 4).map((sample) => sample.id);

    const demo = await buildSpamDemo({
      ...options,
      versions: ['v1', 'v2', 'v3'],
      labelingQueues: { v1: queue },
    });

    const models = await Promise.all(
      ['spam-v1', 'spam-v2', 'spam-v3'].map(async (endpoint) =>
        JSON.parse(
          await readFile(path.join(demo.modelsDir, `${endpoint}.json`), 'utf8'),
        ),
      ),
    );
    const [m1, m2, m3] = models.map((m) => m.trainedOn);
    expect(m2.samples).toBe(m1.samples + queue.length);
    expect(m2.labeledFromQueue).toBe(queue.length);
    expect(m2.noisyLabels).toBe(0);
    expect(m3.samples).toBe(m2.samples);
    expect(m3.perClass.spam - m2.perClass.spam).toBe(m3.noisyLabels);
    expect(demo.endpoints).toEqual({ v1: 'spam-v1', v2: 'spam-v2', v3: 'spam-v3' });
    expect(await readFile(path.join(demo.bundles.v3!, 'samples.jsonl'), 'utf8')).toBe(
      await readFile(path.join(demo.bundles.v1!, 'samples.jsonl'), 'utf8'),
    );
  });

  it('trains the same v2 and v3 bytes from the same queue twice', async () => {
    const v1 = await buildSpamDemo(options);
    const pool = await readJsonLines(
      path.join(v1.bundles.v1!, 'pool', 'samples.jsonl'),
    );
    const build = () =>
      buildSpamDemo({
        ...options,
        versions: ['v2', 'v3'],
        labelingQueues: { v1: pool.slice(0, 6).map((sample) => sample.id) },
      });
    const files = async (demo: Awaited<ReturnType<typeof build>>) =>
      Promise.all(
        ['spam-v2', 'spam-v3'].map((e) =>
          readFile(path.join(demo.modelsDir, `${e}.json`), 'utf8'),
        ),
      );

    const first = await files(await build());
    const second = await files(await build());

    expect(second).toEqual(first);
  });

  it('asks for the queue a version learns from before reading the corpus', async () => {
    await expect(buildSpamDemo({ ...options, versions: ['v2'] })).rejects.toThrow(
      'v2 learns from the labeling queue of v1; pass its queued ids ' +
        '(field labelingQueues.v1, value undefined)',
    );
  });

  it('rejects a queued e-mail of the evaluation split, which would leak into training', async () => {
    const v1 = await buildSpamDemo(options);
    const samples = await readJsonLines(path.join(v1.bundles.v1!, 'samples.jsonl'));
    const leaked = samples[0]!.id;

    await expect(
      buildSpamDemo({ ...options, versions: ['v2'], labelingQueues: { v1: [leaked] } }),
    ).rejects.toThrow(
      `a queued e-mail must come from the unlabeled pool (field labeledQueue[0], value "${leaked}")`,
    );
  });

  it('rejects an unknown model version before writing anything', async () => {
    await expect(buildSpamDemo({ ...options, versions: ['v7'] })).rejects.toThrow(
      'unknown model version',
    );
  });
});
