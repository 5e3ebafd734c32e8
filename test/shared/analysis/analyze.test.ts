import { describe, expect, it } from 'vitest';

import { analyzeRun } from '../../../shared/analysis/analyze.ts';
import { ERROR_AWARE_DEFAULTS } from '../../../shared/analysis/error-aware.ts';
import {
  DimensionMismatchError,
  EmptyAnalysisError,
  SampleInputError,
} from '../../../shared/analysis/errors.ts';
import { pcaProjection } from '../../../shared/analysis/projection.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import type {
  AnalysisSample,
  AnalyzeRunInput,
  RunObjects,
  SampleOutput,
} from '../../../shared/analysis/types.ts';
import { gaussian, plantedClusters, toRows } from './planted.ts';

const PLANTED = 3;

/**
 * Four planted groups in 8-d; the model is right with high confidence on the
 * first three and mostly wrong on the fourth (60 of 660 samples).
 */
function plantedRun(seed = 21): AnalyzeRunInput & RunObjects {
  const data = plantedClusters([250, 200, 150, 60], 8, 8, seed);
  const random = seededRandom(seed + 1);
  const rows = toRows(data.points, 8);
  const samples: AnalysisSample[] = [];
  const outputs: SampleOutput[] = [];
  rows.forEach((embedding, i) => {
    const id = `s-${i}`;
    const label = random() < 0.5 ? 'ham' : 'spam';
    const hard = data.truth[i] === PLANTED;
    const pLabel = hard ? 0.1 + 0.4 * random() : 0.8 + 0.19 * random();
    const scores = label === 'ham' ? [pLabel, 1 - pLabel] : [1 - pLabel, pLabel];
    samples.push({ id, label, metadata: { group: data.truth[i]! } });
    outputs.push({ id, embedding, scores });
  });

  return {
    task: 'classification',
    classes: ['ham', 'spam'],
    scoreKind: 'probabilities',
    samples,
    outputs,
    seed: 5,
  };
}

/**
 * 360 e-mails in one 4-d cloud, all labelled ham; the model is wrong on the
 * last 60 (p(ham) = 0.2), which sit 1.5 units off along one axis: plain
 * k-means spreads them over clusters, yet their region of the embedding is
 * distinct enough for a test on it to hold (at 0.5 units it is not).
 */
function overlappingRun(): AnalyzeRunInput & RunObjects {
  const random = seededRandom(9);
  const samples: AnalysisSample[] = [];
  const outputs: SampleOutput[] = [];
  for (let i = 0; i < 360; i++) {
    const failing = i >= 300;
    const id = `m-${String(i).padStart(3, '0')}`;
    const embedding = [0, 1, 2, 3].map(
      (j) => (failing && j === 0 ? 1.5 : 0) + gaussian(random),
    );
    const pHam = failing ? 0.2 : 0.95;
    samples.push({ id, label: 'ham', metadata: { failing } });
    outputs.push({ id, embedding, scores: [pHam, 1 - pHam] });
  }

  return {
    task: 'classification',
    classes: ['ham', 'spam'],
    scoreKind: 'probabilities',
    samples,
    outputs,
  };
}

function noiseRun(
  task: 'regression' | 'custom',
  seed: number,
): AnalyzeRunInput & RunObjects {
  const random = seededRandom(seed);
  const centres = Array.from({ length: 6 }, () =>
    Array.from({ length: 8 }, () => 3 * gaussian(random)),
  );
  const samples: AnalysisSample[] = [];
  const outputs: SampleOutput[] = [];
  for (let i = 0; i < 600; i++) {
    const id = `n-${String(i).padStart(3, '0')}`;
    const embedding = (centres[i % 6] as number[]).map((v) => v + gaussian(random));
    samples.push({ id, label: gaussian(random), metadata: {} });
    outputs.push(
      task === 'regression'
        ? { id, embedding, prediction: gaussian(random) }
        : { id, embedding, loss: Math.abs(gaussian(random)) },
    );
  }

  return { task, samples, outputs };
}

function plantedIds(input: RunObjects): string[] {
  return input.samples.filter((s) => s.metadata.group === PLANTED).map((s) => s.id);
}

describe('Function: analyzeRun', () => {
  it('recovers the planted high-loss cluster as the rank 1 aggressor', () => {
    const input = plantedRun();

    const analysis = analyzeRun(input);

    const top = analysis.aggressors[0]!;
    expect(top.rank).toBe(1);
    expect([...top.sampleIds].sort()).toEqual(plantedIds(input).sort());
    expect(top.lossRatio).toBeGreaterThan(2);
    expect(top.errorRate).toBeGreaterThan(0.9);
    expect(analysis.clustering.k).toBe(6);
  });

  it('reports only clusters whose mean loss exceeds the rest, ranked from 1', () => {
    const analysis = analyzeRun(plantedRun());

    expect(analysis.aggressors.map((a) => a.rank)).toEqual(
      analysis.aggressors.map((_, i) => i + 1),
    );
    expect(analysis.aggressors.every((a) => a.lossRatio! > 1)).toBe(true);
    const others = analysis.clustering.clusters.slice(analysis.aggressors.length);
    expect(others.every((c) => c.lossRatio! <= 1 || c.size < 5)).toBe(true);
  });

  it('gives the same aggressor ids when the same data comes in another order', () => {
    const input = plantedRun();
    const order = input.samples.map((_, i) => i).reverse();
    const outputs = input.outputs as SampleOutput[];

    const first = analyzeRun(input);
    const second = analyzeRun({
      ...input,
      samples: order.map((i) => input.samples[i]!),
      outputs: new Map(order.map((i) => [outputs[i]!.id, outputs[i]!])),
    });

    expect(second.aggressors[0]!.id).toBe(first.aggressors[0]!.id);
  });

  it('returns the same analysis for the same seed', () => {
    expect(analyzeRun(plantedRun())).toEqual(analyzeRun(plantedRun()));
  });

  it('computes overall loss, error rate and accuracy over scored samples (ties: first class)', () => {
    const analysis = analyzeRun({
      task: 'classification',
      classes: ['no', 'yes'],
      scoreKind: 'probabilities',
      samples: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: 'yes', metadata: {} })),
      outputs: [
        { id: 'a', embedding: [0, 0], scores: [0.5, 0.5] },
        { id: 'b', embedding: [0, 1], scores: [0.9, 0.1] },
        { id: 'c', embedding: [5, 5], scores: [0.2, 0.8] },
        { id: 'd', embedding: [5, 6], error: 'ModelError: 400' },
      ],
    });

    const expectedLoss = -(Math.log(0.5) + Math.log(0.1) + Math.log(0.8)) / 3;
    expect(analysis.overall.meanLoss).toBeCloseTo(expectedLoss, 12);
    expect(analysis.overall.errorRate).toBeCloseTo(2 / 3, 12);
    expect(analysis.overall.accuracy).toBeCloseTo(1 / 3, 12);
    expect(analysis.perSample.at(0)).toMatchObject({
      id: 'a',
      prediction: 'no',
      correct: false,
    });
  });

  it('counts failed and quarantined samples, clustering neither', () => {
    const input = plantedRun();
    const outputs = input.outputs as SampleOutput[];
    outputs[0] = { id: 's-0', error: 'ModelError: 400 bad input' };
    outputs[1] = {
      ...outputs[1]!,
      embedding: [Number.NaN, ...outputs[1]!.embedding!.slice(1)],
    };
    outputs[2] = {
      ...outputs[2]!,
      embedding: [null, ...outputs[2]!.embedding!.slice(1)] as number[],
    };

    const analysis = analyzeRun(input);

    expect(analysis.counts).toEqual({ samples: 660, quarantined: 2, failed: 1 });
    expect(analysis.perSample).toHaveLength(659);
    expect(analysis.perSample.toArray().find((s) => s.id === 's-0')).toBeUndefined();
    expect(
      analysis.perSample
        .toArray()
        .filter((s) => s.cluster === null)
        .map((s) => s.id),
    ).toEqual(['s-1', 's-2']);
    const clustered = analysis.clustering.clusters.reduce((sum, c) => sum + c.size, 0);
    expect(clustered).toBe(657);
    // Read one at a time, in input order, the failed sample left out.
    expect([...analysis.perSample]).toEqual(analysis.perSample.toArray());
    expect(analysis.perSample.at(0)).toMatchObject({
      id: 's-1',
      cluster: null,
      x: null,
    });
    expect(analysis.perSample.at(2).cluster).toMatch(/^[0-9a-f]{12}$/);
    expect(() => analysis.perSample.at(659)).toThrow(RangeError);
    expect(JSON.parse(JSON.stringify(analysis.perSample))).toEqual(
      JSON.parse(JSON.stringify(analysis.perSample.toArray())),
    );
  });

  it.each([31, 32, 33])(
    'reports no aggressor when errors fall at random, nothing planted (seed %i)',
    (seed) => {
      const input = plantedRun(seed);
      const random = seededRandom(seed * 7);
      const outputs = (input.outputs as SampleOutput[]).map((o, i) => {
        const label = input.samples[i]!.label;
        const right = random() >= 0.1;
        const p = 0.6 + 0.39 * random();
        const pHam = (label === 'ham') === right ? p : 1 - p;
        return { ...o, scores: [pHam, 1 - pHam] };
      });

      const analysis = analyzeRun({ ...input, outputs });

      expect(analysis.overall.errorRate).toBeGreaterThan(0.05);
      expect(analysis.aggressors).toEqual([]);
    },
  );

  it('returns an empty aggressor list when no cluster is worse than the rest', () => {
    const input = plantedRun();
    const outputs = (input.outputs as SampleOutput[]).map((o) => ({ ...o, loss: 0.3 }));

    const analysis = analyzeRun({ ...input, task: 'custom', outputs });

    expect(analysis.aggressors).toEqual([]);
    expect(analysis.overall.meanLoss).toBeCloseTo(0.3, 12);
    expect(analysis.overall).toMatchObject({ errorRate: null, accuracy: null });
    analysis.clustering.clusters.forEach((c) => expect(c.lossRatio).toBeCloseTo(1, 12));
  });

  it('clamps a requested k above the number of clustered samples and says why', () => {
    const analysis = analyzeRun({
      task: 'regression',
      samples: [0, 1, 2].map((i) => ({ id: `r${i}`, label: i, metadata: {} })),
      outputs: [0, 1, 2].map((i) => ({
        id: `r${i}`,
        embedding: [i * 10],
        prediction: 0,
      })),
      k: 10,
      minAggressorSize: 1,
    });

    expect(analysis.clustering.k).toBe(3);
    expect(analysis.clustering.kReason).toBe(
      'requested k = 10 clamped to the 3 samples',
    );
    expect(analysis.clustering.clusters[0]).toMatchObject({ size: 1, lossRatio: 8 });
    expect(analysis.aggressors).toEqual([]);
    // Each cluster is tested on its region (here of 2, 1 and 0 samples).
    expect(analysis.clustering.clusters[0]?.reasons).toContain(
      'not tested: needs 2 samples in the tested region and 2 in the rest ' +
        '(tested region has 2, rest 1)',
    );
  });

  it('analyses runs of 2 to 5 samples under seeds that put them all in one fold', () => {
    for (const seed of [0, 4, 7]) {
      for (let n = 2; n <= 5; n++) {
        const ids = Array.from({ length: n }, (_, i) => `r${i}`);
        const analysis = analyzeRun({
          task: 'regression',
          seed,
          samples: ids.map((id, i) => ({ id, label: i, metadata: {} })),
          outputs: ids.map((id, i) => ({ id, embedding: [i * 10], prediction: 0 })),
        });

        expect(analysis.aggressors).toEqual([]);
        expect(analysis.clustering.clusters.length).toBeGreaterThan(0);
      }
    }
  });

  it('refuses a run with no samples', () => {
    const act = () => analyzeRun({ ...plantedRun(), samples: [], outputs: [] });

    expect(act).toThrow(EmptyAnalysisError);
    expect(act).toThrow('the run has no samples to analyse');
  });

  it('reports no aggressor, and why, when fewer than 2 samples can be clustered', () => {
    const analysis = analyzeRun({
      task: 'custom',
      samples: [
        { id: 'a', metadata: {} },
        { id: 'b', metadata: {} },
      ],
      outputs: [
        { id: 'a', embedding: [1], loss: 1 },
        { id: 'b', error: 'timeout' },
      ],
    });

    expect(analysis.aggressors).toEqual([]);
    expect(analysis.counts).toEqual({ samples: 2, quarantined: 0, failed: 1 });
    expect(analysis.clustering).toMatchObject({ k: 0, clusters: [] });
    expect(analysis.clustering.kReason).toBe(
      'no clustering: 1 of 2 samples have finite embeddings (1 failed, 0 quarantined); ' +
        'at least 2 are needed',
    );
    expect(analysis.perSample.toArray()).toEqual([
      {
        id: 'a',
        loss: 1,
        prediction: null,
        correct: null,
        cluster: null,
        x: null,
        y: null,
      },
    ]);
  });

  it('refuses embeddings of different lengths, naming the sample', () => {
    const input = plantedRun();
    const outputs = input.outputs as SampleOutput[];
    outputs[7] = { ...outputs[7]!, embedding: [1, 2, 3] };

    const act = () => analyzeRun(input);

    expect(act).toThrow(DimensionMismatchError);
    expect(act).toThrow('sample s-7: embedding has 3 dimensions, expected 8');
  });

  it('refuses a sample without output, an unknown output and a duplicate sample', () => {
    const input = plantedRun();
    const outputs = input.outputs as SampleOutput[];

    expect(() => analyzeRun({ ...input, outputs: outputs.slice(1) })).toThrow(
      'sample s-0: field output must be one output line, got nothing',
    );
    expect(() =>
      analyzeRun({ ...input, outputs: [...outputs, { id: 'ghost', loss: 1 }] }),
    ).toThrow(/sample ghost: field id must be the id of a sample of the run/);
    expect(() =>
      analyzeRun({ ...input, samples: [...input.samples, input.samples[0]!] }),
    ).toThrow(SampleInputError);
  });

  it('clusters on embeddings and errors by default, recording how the features were built', () => {
    const analysis = analyzeRun(plantedRun());

    expect(analysis.clustering.method).toBe('error-aware');
    expect(analysis.clustering.features).toMatchObject({
      embeddingDimensions: 8,
      components: 8,
      errorColumns: 4,
      errorWeight: expect.closeTo(ERROR_AWARE_DEFAULTS.errorWeight, 9),
    });
  });

  it('clusters the embeddings alone when asked, recording no features', () => {
    const input = plantedRun();

    const analysis = analyzeRun({ ...input, clustering: 'embedding' });

    expect(analysis.clustering.method).toBe('embedding');
    expect(analysis.clustering.features).toBeNull();
    expect([...analysis.aggressors[0]!.sampleIds].sort()).toEqual(
      plantedIds(input).sort(),
    );
  });

  it('finds a failing group the embedding alone mixes into its neighbours', () => {
    const input = overlappingRun();
    const failing = new Set(
      input.samples.filter((s) => s.metadata.failing).map((s) => s.id),
    );
    const purity = (ids: string[]) =>
      ids.filter((id) => failing.has(id)).length / ids.length;

    const aware = analyzeRun(input);
    const plain = analyzeRun({ ...input, clustering: 'embedding' });

    const top = aware.aggressors[0]!;
    expect(purity(top.sampleIds)).toBe(1);
    expect(top.size).toBe(60);
    const plainClusters = new Map<string | null, string[]>();
    plain.perSample
      .toArray()
      .forEach(({ id, cluster }) =>
        plainClusters.set(cluster, [...(plainClusters.get(cluster) ?? []), id]),
      );
    const plainPurities = [...plainClusters.values()].map(purity);
    expect(Math.max(...plainPurities)).toBeLessThan(0.5);
  });

  it.each(['regression', 'custom'] as const)(
    'reports no aggressor when the %s loss is unrelated to the samples',
    (task) => {
      // Six semantic groups, losses drawn independently of them: clusters
      // formed with the losses must not then be tested on those same losses.
      for (const seed of [1, 2, 3]) {
        const analysis = analyzeRun({ ...noiseRun(task, seed), seed });

        expect(analysis.clustering.method).toBe('error-aware');
        expect(analysis.aggressors).toEqual([]);
      }
    },
  );

  it("maps the samples by the error-aware PCA's covariance, as a fresh PCA would", () => {
    const input = plantedRun();
    const analysis = analyzeRun(input);
    const ordered = [...(input.outputs as SampleOutput[])].sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
    const matrix = Float32Array.from(ordered.flatMap((o) => o.embedding as number[]));
    const fresh = pcaProjection(matrix, matrix.length / ordered.length);
    const placed = new Map(analysis.perSample.toArray().map((r) => [r.id, [r.x, r.y]]));

    expect(analysis.clustering.method).toBe('error-aware');
    expect(ordered.map((o) => placed.get(o.id))).toEqual(
      ordered.map((_, row) => [
        fresh.coordinates[2 * row],
        fresh.coordinates[2 * row + 1],
      ]),
    );
  });

  it('clusters a regression run on its robustly scaled loss', () => {
    const analysis = analyzeRun({
      task: 'regression',
      samples: Array.from({ length: 40 }, (_, i) => ({
        id: `r${i}`,
        label: 0,
        metadata: {},
      })),
      outputs: Array.from({ length: 40 }, (_, i) => ({
        id: `r${i}`,
        embedding: [i % 4, i % 5],
        prediction: i < 10 ? 3 : 0.1 * (i % 3),
      })),
    });

    expect(analysis.clustering.features).toMatchObject({
      components: 2,
      errorColumns: 1,
    });
  });

  it('refuses an unknown clustering method, naming it', () => {
    expect(() =>
      analyzeRun({ ...plantedRun(), clustering: 'gmm' as 'embedding' }),
    ).toThrow(/parameter clustering must be embedding or error-aware, got "gmm"/);
  });

  it('refuses a negative seed or a minimum aggressor size below 1', () => {
    expect(() => analyzeRun({ ...plantedRun(), seed: -1 })).toThrow(
      'parameter seed must be an integer >= 0, got -1',
    );
    expect(() => analyzeRun({ ...plantedRun(), minAggressorSize: 0 })).toThrow(
      /minAggressorSize must be a positive integer/,
    );
  });
});
