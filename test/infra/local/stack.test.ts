import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../infra/local/stack.ts';
import { EndpointInputError } from '../../../infra/local/inference-server.ts';
import { getText, listKeys } from '../../../shared/aws/s3-io.ts';
import { listRuns } from '../../../shared/aws/runs.ts';
import { runInStack } from '../../../cli/commands/run.ts';
import { silentLogger } from '../../../shared/logger.ts';
import type { Manifest, Sample } from '../../../shared/bundle/types.ts';

const PLANTED = 40;
const TOTAL = 200;

/** 2-D points: a planted group far from the rest where the model is wrong. */
function plantedSamples(): Sample[] {
  return Array.from({ length: TOTAL }, (_, i) => {
    const planted = i < PLANTED;
    const jitter = [Math.sin(i * 12.9898) * 0.3, Math.cos(i * 78.233) * 0.3];
    const centre = planted ? [6, 6] : [(i % 3) * 2 - 2, ((i >> 2) % 3) * 2 - 2];
    return {
      id: `s-${String(i).padStart(3, '0')}`,
      label: 'ok',
      metadata: { planted },
      embedding: centre.map((c, d) => c + (jitter[d] ?? 0)),
      scores: planted ? [0.2, 0.8] : [0.95, 0.05],
    };
  });
}

async function writeBundle(
  root: string,
  manifest: Partial<Manifest> & Pick<Manifest, 'project' | 'modelVersion'>,
  lines: string[],
): Promise<string> {
  const dir = await mkdtemp(join(root, 'bundle-'));
  const full = {
    schemaVersion: 1,
    task: 'classification',
    classes: ['ok', 'bad'],
    scores: 'probabilities',
    samples: 'samples.jsonl',
    ...manifest,
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(full));
  await writeFile(join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

/** A toy endpoint: the input is the embedding; x > 4 is (wrongly) called bad. */
async function toyModel(instances: Array<{ id: string; input: unknown }>) {
  return instances.map(({ id, input }) => {
    const point = input as number[];
    if (!Array.isArray(point))
      throw new EndpointInputError(`input of ${id} is not a point`);
    const bad = (point[0] ?? 0) > 4;
    return { id, embedding: point, scores: bad ? [0.1, 0.9] : [0.9, 0.1] };
  });
}

const quiet = { step: () => undefined, logger: silentLogger };

/** Uploads as `aggressors run` does and returns what `show --json` prints. */
async function run(stack: LocalStack, dir: string) {
  return runInStack(stack, dir, quiet);
}

describe('Local stack: uploads run through the pipeline definition', () => {
  let root: string;
  let stack: LocalStack;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'aggressors-stack-'));
    await mkdir(join(root, 'state'));
    stack = await startLocalStack({
      stateDir: join(root, 'state'),
      fresh: true,
      endpoints: { 'toy-model': toyModel },
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await stack?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('finds the planted group as the top aggressor for names with spaces, +, %, = and accents', async () => {
    const manifest = { project: 'café + bar=1 %x', modelVersion: 'v 1+é' } as Manifest;
    const lines = plantedSamples().map((s) => JSON.stringify(s));
    const dir = await writeBundle(root, manifest, lines);

    const view = await run(stack, dir);

    expect(view.status).toBe('succeeded');
    expect(view.counts).toEqual({ samples: TOTAL, quarantined: 0, failed: 0 });
    const top = view.aggressors[0];
    expect(top?.sampleIds.filter((id) => Number(id.slice(2)) < PLANTED)).toHaveLength(
      PLANTED,
    );
    expect(top?.lossRatio).toBeGreaterThan(2);
    const stored = await listKeys(
      stack.storage.s3,
      stack.storage.bucket,
      `results/${manifest.project}/${manifest.modelVersion}/`,
    );
    const report = stored.find((key) => key.endsWith('/report.html'));
    expect(report).toBeDefined();
    const html = await getText(stack.storage.s3, stack.storage.bucket, report ?? '');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(top?.id);
  });

  it('calls the endpoint per shard and records a rejected batch as failed samples', async () => {
    const manifest = {
      project: 'toy',
      modelVersion: 'endpoint',
      inference: { endpoint: 'toy-model', maxBatchSize: 10 },
    } as Manifest;
    const lines = plantedSamples().map(({ id, label, metadata, embedding }, i) =>
      JSON.stringify({
        id,
        label,
        metadata,
        input: i === 7 ? 'not a point' : embedding,
      }),
    );
    const dir = await writeBundle(root, manifest, lines);

    const view = await run(stack, dir);

    expect(view.status).toBe('succeeded');
    expect(view.counts?.failed).toBeGreaterThanOrEqual(1);
    expect(view.counts?.failed).toBeLessThanOrEqual(10);
    expect(view.counts?.samples).toBe(TOTAL);
    expect(view.aggressors[0]?.sampleIds).toContain('s-000');
  });

  it('queues the pool samples nearest the planted group, within the budget', async () => {
    const manifest = {
      project: 'toy',
      modelVersion: 'with-pool',
      inference: { endpoint: 'toy-model' },
      pool: 'pool/',
      labelingBudget: 5,
    } as Manifest;
    const lines = plantedSamples().map(({ id, label, metadata, embedding }) =>
      JSON.stringify({ id, label, metadata, input: embedding }),
    );
    const dir = await writeBundle(root, manifest, lines);
    const poolPoints = [
      [6.1, 6],
      [5.9, 6.1],
      [6, 5.8],
      [-2, -2],
      [0, 0],
      [6.2, 6.2],
      [5.8, 5.9],
    ];
    await mkdir(join(dir, 'pool'));
    await writeFile(
      join(dir, 'pool', 'samples.jsonl'),
      poolPoints
        .map((input, i) => JSON.stringify({ id: `p-${i}`, input, metadata: {} }))
        .join('\n'),
    );

    const view = await run(stack, dir);

    expect(view.status).toBe('succeeded');
    const queued = view.aggressors.flatMap((a) =>
      (a.similarUnlabeled as Array<{ id: string }>).map((s) => s.id),
    );
    expect(queued).toHaveLength(5);
    expect(new Set(queued).size).toBe(5);
    expect(view.aggressors[0]?.similarUnlabeled).toHaveLength(5);
    expect(queued.sort()).toEqual(['p-0', 'p-1', 'p-2', 'p-5', 'p-6']);
    const manifestKey = (view.labelingQueue as { key: string }).key;
    const text = await getText(stack.storage.s3, stack.storage.bucket, manifestKey);
    const entries = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries).toHaveLength(5);
    expect(entries.map((e) => e['sample-id']).sort()).toEqual(queued);
    expect(entries.every((e) => typeof e.source === 'string')).toBe(true);
  });

  it.each([
    [
      'regression',
      (planted: boolean, i: number) => ({
        label: 10 + (i % 7),
        prediction: 10 + (i % 7) + (planted ? 6 : 0.3),
      }),
    ],
    [
      'custom',
      (planted: boolean, i: number) => ({ loss: planted ? 4 + (i % 3) : 0.1 }),
    ],
  ] as const)(
    'finds the planted group of a %s task from the precomputed outputs',
    async (task, outputsOf) => {
      const manifest = {
        project: 'toy',
        modelVersion: `task-${task}`,
        task,
      } as Manifest;
      const lines = plantedSamples().map(({ id, metadata, embedding }, i) =>
        JSON.stringify({ id, metadata, embedding, ...outputsOf(i < PLANTED, i) }),
      );
      const dir = await writeBundle(
        root,
        { ...manifest, classes: undefined, scores: undefined },
        lines,
      );

      const view = await run(stack, dir);

      expect(view.status).toBe('succeeded');
      expect(view.overall.errorRate).toBeNull();
      const top = view.aggressors[0];
      expect(top?.sampleIds.filter((id) => Number(id.slice(2)) < PLANTED)).toHaveLength(
        PLANTED,
      );
      expect(top?.qValue).toBeLessThanOrEqual(0.05);
    },
  );

  it('marks the run failed with file, line, field and value for a duplicate id, and stores no results', async () => {
    const manifest = { project: 'toy', modelVersion: 'duplicate-ids' } as Manifest;
    const lines = plantedSamples().map((s) => JSON.stringify(s));
    lines[5] = lines[2] ?? '';
    const dir = await writeBundle(root, manifest, lines);

    const view = await run(stack, dir);

    expect(view.status).toBe('failed');
    expect(view.error).toMatchObject({ line: 6, field: 'id', value: 's-002' });
    expect(view.error?.file).toMatch(/samples\.jsonl$/);
    expect(view.aggressors).toEqual([]);
    const stored = await listKeys(
      stack.storage.s3,
      stack.storage.bucket,
      'results/toy/duplicate-ids/',
    );
    expect(stored).toEqual([]);
  });

  it.each([
    [
      'a bare NaN token in scores',
      (lines: string[]) => {
        lines[3] = (lines[3] ?? '').replace(
          /"scores":\[[^\]]*\]/,
          '"scores":[NaN, 0.5]',
        );
      },
      { line: 4, field: 'scores[0]', value: 'NaN' },
    ],
    [
      'an embedding of another dimension',
      (lines: string[]) => {
        lines[7] = (lines[7] ?? '').replace(/"embedding":\[/, '"embedding":[1,');
      },
      { line: 8, field: 'embedding' },
    ],
    [
      'logits declared as probabilities',
      (lines: string[]) => {
        lines[2] = (lines[2] ?? '').replace(/"scores":\[[^\]]*\]/, '"scores":[2.5,-1]');
      },
      { line: 3, field: 'scores' },
    ],
    [
      'an empty samples file',
      (lines: string[]) => {
        lines.splice(0, lines.length);
      },
      {},
    ],
  ] as const)(
    'marks the run failed for %s, naming where, and stores no results',
    async (what, spoil, where) => {
      const modelVersion = `bad-${what.replace(/[^a-z]+/g, '-')}`;
      const manifest = { project: 'toy', modelVersion } as Manifest;
      const lines = plantedSamples().map((s) => JSON.stringify(s));
      spoil(lines);
      const dir = await writeBundle(root, manifest, lines);

      const view = await run(stack, dir);

      expect(view.status).toBe('failed');
      expect(view.error).toMatchObject(where);
      expect(view.error?.file).toMatch(/samples\.jsonl$/);
      expect(view.counts).toBeNull();
      const stored = await listKeys(
        stack.storage.s3,
        stack.storage.bucket,
        `results/toy/${modelVersion}/`,
      );
      expect(stored).toEqual([]);
    },
  );

  it('marks the run failed naming the endpoint when it does not exist', async () => {
    const manifest = {
      project: 'toy',
      modelVersion: 'no-endpoint',
      inference: { endpoint: 'no-such-model' },
    } as Manifest;
    const lines = plantedSamples().map(({ id, label, metadata, embedding }) =>
      JSON.stringify({ id, label, metadata, input: embedding }),
    );
    const dir = await writeBundle(root, manifest, lines);

    const view = await run(stack, dir);

    expect(view.status).toBe('failed');
    expect(view.error).toMatchObject({
      field: 'inference.endpoint',
      value: 'no-such-model',
    });
    expect(view.error?.file).toMatch(/\/toy\/no-endpoint\/manifest\.json$/);
  });

  it('starts one run when the same manifest arrives twice', async () => {
    const manifest = { project: 'toy', modelVersion: 'twice' } as Manifest;
    const lines = plantedSamples().map((s) => JSON.stringify(s));
    const dir = await writeBundle(root, manifest, lines);
    await run(stack, dir);
    const executionsBefore = stack.machine.executions.size;

    await run(stack, dir);

    expect(stack.machine.executions.size).toBe(executionsBefore);
    const runs = await listRuns(stack.storage.ddb, stack.storage.table, 'toy');
    expect(runs.filter((r) => r.modelVersion === 'twice')).toHaveLength(1);
  });

  it('alerts the local sink once per failed run, otherwise only when something needs attention', async () => {
    const lines = (await readFile(stack.alertsFile, 'utf8')).trim().split('\n');
    const texts = lines.map((line) => (JSON.parse(line) as { text: string }).text);

    const runs = [
      ...(await listRuns(stack.storage.ddb, stack.storage.table, 'toy')),
      ...(await listRuns(stack.storage.ddb, stack.storage.table, 'café + bar=1 %x')),
    ];
    const failed = runs.filter((r) => r.status === 'failed');
    const failureTexts = texts.filter((text) => / the run failed: /.test(text));

    expect(runs).toHaveLength(stack.machine.executions.size);
    expect(failed.length).toBeGreaterThan(0);
    expect(failureTexts).toHaveLength(failed.length);
    for (const run of failed) {
      const about = `aggressors: ${run.project} ${run.modelVersion}: the run failed: `;
      expect(failureTexts.filter((text) => text.startsWith(about))).toHaveLength(1);
    }
    const others = texts.filter((text) => !failureTexts.includes(text));
    expect(others.every((text) => / needs attention: /.test(text))).toBe(true);
    expect(texts.length).toBeLessThan(runs.length);
  });
});

describe('Local stack: execution names outlive one command', () => {
  it('starts no second run when the same upload arrives after a restart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'aggressors-restart-'));
    const stateDir = join(root, 'state');
    const manifest = { project: 'toy', modelVersion: 'restart' } as Manifest;
    const dir = await writeBundle(
      root,
      manifest,
      plantedSamples().map((s) => JSON.stringify(s)),
    );
    const first = await startLocalStack({
      stateDir,
      fresh: true,
      logger: silentLogger,
    });
    await run(first, dir);
    await first.close();

    const second = await startLocalStack({ stateDir, logger: silentLogger });
    try {
      await run(second, dir);

      expect(second.machine.executions.size).toBe(0);
      const runs = await listRuns(second.storage.ddb, second.storage.table, 'toy');
      expect(runs).toHaveLength(1);
    } finally {
      await second.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
