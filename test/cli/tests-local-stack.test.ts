import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { runInStack, storeOfStack } from '../../cli/commands/run.ts';
import { gate } from '../../cli/commands/gate.ts';
import { describeRun } from '../../cli/commands/show.ts';
import { listTests, removeTest, saveTest } from '../../cli/commands/tests.ts';
import { listTestHistory } from '../../shared/aws/test-history.ts';
import { silentLogger } from '../../shared/logger.ts';

const TOTAL = 200;
const PLANTED = 40;

/**
 * 2-D points: a planted group far from the rest, marked `planted` in its
 * metadata. The model is wrong on `wrongInGroup` of the group's 40 samples,
 * the even ones first, so that only `planted` tells the wrong ones apart.
 */
function sampleLines(wrongInGroup: number): string[] {
  return Array.from({ length: TOTAL }, (_, i) => {
    const planted = i < PLANTED;
    const jitter = [Math.sin(i * 12.9898) * 0.3, Math.cos(i * 78.233) * 0.3];
    const centre = planted ? [6, 6] : [(i % 3) * 2 - 2, ((i >> 2) % 3) * 2 - 2];
    const wrong =
      planted && (i % 2 === 0 ? i / 2 : PLANTED / 2 + (i - 1) / 2) < wrongInGroup;
    return JSON.stringify({
      id: `s-${String(i).padStart(3, '0')}`,
      label: 'ok',
      metadata: { planted, lengthChars: 100 + (i % 7) },
      embedding: centre.map((c, d) => c + (jitter[d] ?? 0)),
      scores: wrong ? [0.2, 0.8] : [0.9, 0.1],
    });
  });
}

async function writeBundle(root: string, modelVersion: string, wrong: number) {
  const dir = join(root, modelVersion);
  await mkdir(dir, { recursive: true });
  const manifest = {
    schemaVersion: 1,
    project: 'toy',
    modelVersion,
    task: 'classification',
    classes: ['ok', 'bad'],
    scores: 'probabilities',
    samples: 'samples.jsonl',
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'samples.jsonl'), `${sampleLines(wrong).join('\n')}\n`);
  return dir;
}

const quiet = { step: () => undefined, logger: silentLogger };

describe('Saved tests through the local stack', () => {
  let root: string;
  let stack: LocalStack;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'aggressors-tracking-'));
    stack = await startLocalStack({
      stateDir: join(root, 'state'),
      fresh: true,
      endpoints: {},
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await stack?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('saves the top aggressor of v1, sees it regress in v2 and improve in v3; the gate follows', async () => {
    const store = storeOfStack(stack);
    const v1 = await runInStack(stack, await writeBundle(root, 'v1', 20), quiet);
    expect(v1.status).toBe('succeeded');

    const saved = await saveTest(store, 'toy', 'v1', '1', { name: 'planted' });
    const region = await saveTest(store, 'toy', 'v1', '1', {
      name: 'planted-region',
      membership: 'region',
      maxRegression: 1,
    });
    const v2 = await runInStack(stack, await writeBundle(root, 'v2', 40), quiet);
    const v3 = await runInStack(stack, await writeBundle(root, 'v3', 20), quiet);

    expect(saved.membership).toMatchObject({
      kind: 'rule',
      predicates: [{ field: 'planted', op: '=', value: true }],
    });
    expect(saved.savedValue).toBe(0.5);
    expect(v2.tests.map((t) => t.name)).toEqual(['planted', 'planted-region']);
    expect(v2.tests[0]).toMatchObject({
      status: 'regressed',
      value: 1,
      previousValue: 0.5,
    });
    expect(region.membership.kind).toBe('region');
    expect(v2.tests[1]).toMatchObject({
      status: 'pass',
      previousValue: region.savedValue,
    });
    expect(v2.tests[1]?.members).toBeGreaterThan(0);
    expect(v2.aggressors[0]?.match?.state).toBe('persisting');
    expect(v2.tests[0]?.delta).toBe(v2.tests[0]?.difference);
    expect(describeRun(v2)).toContain(
      `1. ${v2.aggressors[0]?.id} persisting (was ${v2.aggressors[0]?.match?.previousId}`,
    );
    expect(describeRun(v2)).toMatch(
      /\nplanted +regressed +errorRate +1\.000 +0\.500 +0\.500/,
    );
    expect(v3.tests[0]?.status).toBe('improved');
    expect(v3.tests[1]?.status).toBe('improved');
    expect((await gate(store, 'toy', 'v1')).exitCode).toBe(0);
    expect(await gate(store, 'toy', 'v2')).toMatchObject({
      exitCode: 1,
      verdict: '1 of 2 tests: planted regressed',
    });
    expect((await gate(store, 'toy', 'v3')).exitCode).toBe(0);
    const history = await listTestHistory(store.ddb, store.table, 'toy', 'planted');
    expect(history.map((h) => [h.modelVersion, h.status])).toEqual([
      ['v2', 'regressed'],
      ['v3', 'improved'],
    ]);
  });

  it('lists and removes saved tests; the gate fails for a version with no run', async () => {
    const store = storeOfStack(stack);

    expect((await listTests(store, 'toy')).map((t) => t.name)).toEqual([
      'planted',
      'planted-region',
    ]);
    expect(await removeTest(store, 'toy', 'planted-region')).toBe(true);
    expect(await removeTest(store, 'toy', 'planted')).toBe(true);
    expect(await removeTest(store, 'toy', 'planted')).toBe(false);
    expect(await listTests(store, 'toy')).toEqual([]);
    expect(await gate(store, 'toy', 'v9')).toEqual({
      exitCode: 1,
      verdict: 'no run of project "toy" model version "v9"',
      runId: null,
      tests: [],
    });
  });
});
