import { describe, expect, it } from 'vitest';

import { selectK } from '../../../shared/analysis/choose-k.ts';
import {
  clusterEmbeddings,
  clusterSamples,
  foldsOf,
  regionsOf,
  type ClusterSamplesInput,
} from '../../../shared/analysis/cluster-embeddings.ts';
import { errorAwareFeatures } from '../../../shared/analysis/error-aware.ts';
import { kernels } from '../../../shared/analysis/kernels/kernels.ts';
import { kmeans } from '../../../shared/analysis/kmeans.ts';
import { plantedClusters } from './planted.ts';

const KMEANS = { seed: 3, maxIterations: 100, tolerance: 1e-6, restarts: 3 };

/**
 * Four planted groups (8-d), labelled by group (ham for groups 0 and 2); the
 * model is confidently right except on group 3.
 */
function plantedInput(): ClusterSamplesInput {
  const data = plantedClusters([150, 120, 90, 40], 8, 8, 17);
  const n = data.truth.length;
  const pRight = Array.from(data.truth, (g) => (g === 3 ? 0.25 : 0.95));

  return {
    embeddings: data.points,
    dimensions: 8,
    method: 'error-aware',
    signal: {
      kind: 'classification',
      classCount: 2,
      labels: Int32Array.from(data.truth, (g) => g % 2),
      probabilities: Float64Array.from({ length: 2 * n }, (_, index) => {
        const i = Math.floor(index / 2);
        return index % 2 === data.truth[i]! % 2 ? pRight[i]! : 1 - pRight[i]!;
      }),
    },
    kmeans: KMEANS,
    minSupport: { absolute: 10, fraction: 0.01 },
  };
}

describe('Function: clusterSamples', () => {
  it('clusters error-aware features by default, k from selectK with 2 per class', () => {
    const input = plantedInput();

    const clustered = clusterSamples(input);

    const built = errorAwareFeatures(input.embeddings, 8, input.signal);
    const k = selectK({ n: 400, minSupport: 10, minK: 4 }).k;
    expect(clustered.method).toBe('error-aware');
    expect(clustered.choice.k).toBe(k);
    expect(clustered.features).toEqual(built.summary);
    expect(clustered.result).toEqual(
      clusterEmbeddings(built.features, built.dimensions, { ...KMEANS, k }),
    );
  });

  it('clusters the embeddings as they are with the embedding method', () => {
    const input = { ...plantedInput(), method: 'embedding' as const };

    const clustered = clusterSamples(input);

    expect(clustered.features).toBeNull();
    expect(clustered.result.dimensions).toBe(8);
    expect(clustered.result).toEqual(
      clusterEmbeddings(input.embeddings, 8, { ...KMEANS, k: clustered.choice.k }),
    );
  });

  it('puts the planted failing group in a cluster of its own', () => {
    const input = plantedInput();

    const { result } = clusterSamples(input);

    const failingCluster = result.assignments[360]!;
    const members = [...result.assignments.keys()].filter(
      (i) => result.assignments[i] === failingCluster,
    );
    expect(members).toEqual(Array.from({ length: 40 }, (_, i) => 360 + i));
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeGreaterThan(0);
  });

  it("gives the features it built in the kernels' memory back, also when k-means fails", () => {
    const before = kernels().memory.allocatedBytes;

    clusterSamples(plantedInput());
    expect(kernels().memory.allocatedBytes).toBe(before);
    expect(() =>
      clusterSamples({ ...plantedInput(), kmeans: { ...KMEANS, restarts: 0 } }),
    ).toThrow(/restarts/);
    expect(kernels().memory.allocatedBytes).toBe(before);
  });

  it('places each row in a region by its embedding and label, not its own scores', () => {
    const input = plantedInput();
    const signal = input.signal as Extract<
      typeof input.signal,
      { kind: 'classification' }
    >;
    const truth = Array.from(plantedClusters([150, 120, 90, 40], 8, 8, 17).truth);
    // Rows a and b (one fold) sit halfway between group 1 and the failing
    // group 3, both labelled 1 like those groups: a scored right, b wrong.
    // Their scores split them between the two clusters; their region cannot
    // depend on them.
    const folds = foldsOf(400, KMEANS.seed);
    const a = 0;
    const b = folds.findIndex((f, i) => i > a && f === folds[a]);
    const centre = (g: number) =>
      Array.from({ length: 8 }, (_, j) => {
        const rows = truth.flatMap((t, i) =>
          t === g ? [input.embeddings[i * 8 + j]!] : [],
        );
        return rows.reduce((a, b) => a + b, 0) / rows.length;
      });
    const [one, three] = [centre(1), centre(3)];
    const embeddings = Float32Array.from(input.embeddings);
    const midpoint = one.map((v, j) => (v + three[j]!) / 2);
    embeddings.set(midpoint, a * 8);
    embeddings.set(midpoint, b * 8);
    const labels = Int32Array.from(signal.labels);
    labels[a] = 1;
    labels[b] = 1;
    const probabilities = Float64Array.from(signal.probabilities);
    probabilities.set([0.01, 0.99], 2 * a);
    probabilities.set([0.99, 0.01], 2 * b);

    const clustered = clusterSamples({
      ...input,
      embeddings,
      signal: { ...signal, labels, probabilities },
    });

    const regions = clustered.regions as Int32Array;
    const { assignments } = clustered.result;
    expect(regions).toHaveLength(400);
    expect(regions.every((r) => r >= 0 && r < clustered.choice.k)).toBe(true);
    expect(assignments[b]).not.toBe(assignments[a]);
    expect(regions[b]).toBe(regions[a]);
    expect(clusterSamples({ ...input, method: 'embedding' }).regions).toBeNull();
  });

  it('splits rows into two folds by a seeded hash, not by their order', () => {
    const folds = foldsOf(10_000, 3);
    const ones = folds.reduce((sum, f) => sum + f, 0);
    const evenInFoldOne = folds.filter((f, i) => i % 2 === 0 && f === 1).length;

    expect(ones).toBeGreaterThan(4_800);
    expect(ones).toBeLessThan(5_200);
    expect(evenInFoldOne).toBeGreaterThan(2_400);
    expect(evenInFoldOne).toBeLessThan(2_600);
    expect(foldsOf(10_000, 3)).toEqual(folds);
    expect(foldsOf(10_000, 4)).not.toEqual(folds);
  });

  it('keeps a sample in its fold, by its id, when other samples come or go', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `e-${i}`);
    const folds = foldsOf(ids, 1);
    const fewer = foldsOf(ids.slice(1), 1);

    expect(fewer).toEqual(folds.subarray(1));
    const ones = folds.reduce((sum, f) => sum + f, 0);
    expect(ones).toBeGreaterThan(900);
    expect(ones).toBeLessThan(1_100);
  });

  it("places a fold's rows by the other fold's members only", () => {
    // 200 rows of 3 columns (2 placing, 1 not), 4 clusters.
    const random = (i: number) => (Math.sin(i * 12.9898) * 43758.5453) % 1;
    const n = 200;
    const features = Float32Array.from({ length: n * 3 }, (_, i) => random(i));
    const assignments = Int32Array.from({ length: n }, (_, i) => i % 4);
    const folds = foldsOf(n, 5);
    const input = { features, width: 3, columns: 2, assignments, k: 4, folds };

    const regions = regionsOf(input);
    // Reassign every fold-0 row: fold-0 regions must not move.
    const moved = Int32Array.from(assignments, (c, i) =>
      folds[i] === 0 ? (c + 1) % 4 : c,
    );
    const after = regionsOf({ ...input, assignments: moved });
    // Change every row's third column: no region may move.
    const rescored = Float32Array.from(features, (v, i) => (i % 3 === 2 ? 5 - v : v));

    const inFold = (r: Int32Array, fold: number) =>
      r.filter((_, i) => folds[i] === fold);
    expect(inFold(after, 0)).toEqual(inFold(regions, 0));
    expect(inFold(after, 1)).not.toEqual(inFold(regions, 1));
    expect(regionsOf({ ...input, features: rescored })).toEqual(regions);
  });

  it('places rows by their label columns as well as the embedding block', () => {
    // Two clusters on one point of the embedding, told apart by the label
    // column (the second): each row goes to the cluster of its label.
    const n = 40;
    const label = (i: number) => Math.floor(i / 2) % 2;
    const features = Float32Array.from({ length: n * 2 }, (_, x) =>
      x % 2 === 0 ? 0.5 : label(x >> 1),
    );
    const assignments = Int32Array.from({ length: n }, (_, i) => label(i));
    const folds = Uint8Array.from({ length: n }, (_, i) => i % 2);

    const regions = regionsOf({
      features,
      width: 2,
      columns: 2,
      assignments,
      k: 2,
      folds,
    });
    const blind = regionsOf({
      features,
      width: 2,
      columns: 1,
      assignments,
      k: 2,
      folds,
    });

    expect(regions).toEqual(assignments);
    expect(blind).toEqual(new Int32Array(n));
  });

  it('gives clusterSamples regions that follow the label, not only the embedding', () => {
    // One 2-d cloud, two labels at random, the same scores everywhere: the
    // clusters split by label, and so must the regions.
    const data = plantedClusters([200], 2, 0, 23);
    const labels = Int32Array.from({ length: 200 }, (_, i) =>
      (i * 7919) % 11 < 5 ? 1 : 0,
    );
    const clustered = clusterSamples({
      ...plantedInput(),
      embeddings: data.points,
      dimensions: 2,
      signal: {
        kind: 'classification',
        classCount: 2,
        labels,
        probabilities: new Float64Array(400).fill(0.5),
      },
    });

    const { assignments } = clustered.result;
    const regions = clustered.regions as Int32Array;
    const labelOf = new Map<number, number>();
    assignments.forEach((c, i) => labelOf.set(c, labels[i]!));
    assignments.forEach((c, i) => expect(labelOf.get(c)).toBe(labels[i]));
    regions.forEach((r, i) => expect(labelOf.get(r)).toBe(labels[i]));
  });

  it('leaves rows without a region when their other fold is empty', () => {
    const input = {
      features: Float32Array.from([0, 1, 2]),
      width: 1,
      columns: 1,
      assignments: Int32Array.from([0, 1, 1]),
      k: 2,
      folds: Uint8Array.from([0, 0, 0]),
    };

    expect(regionsOf(input)).toEqual(Int32Array.from([-1, -1, -1]));
  });

  it('uses a requested k', () => {
    const clustered = clusterSamples({ ...plantedInput(), k: 7 });

    expect(clustered.choice).toEqual({ k: 7, reason: 'requested k = 7' });
    expect(clustered.result.k).toBe(7);
  });

  it('refuses an unknown method, naming the parameter and the value', () => {
    const input = { ...plantedInput(), method: 'umap' as 'embedding' };

    expect(() => clusterSamples(input)).toThrow(
      /parameter clustering must be embedding or error-aware, got "umap"/,
    );
  });
});

describe('Function: clusterEmbeddings', () => {
  it('keeps the restart of lowest inertia', () => {
    const data = plantedClusters([60, 50, 40, 30, 20], 4, 3, 23);
    const options = { ...KMEANS, k: 5, restarts: 4 };

    const best = clusterEmbeddings(data.points, 4, options);

    const inertias = [0, 1, 2, 3].map(
      (r) => kmeans(data.points, 4, { ...options, seed: options.seed + r }).inertia,
    );
    expect(best.inertia).toBe(Math.min(...inertias));
  });

  it('refuses fewer than one restart', () => {
    const data = plantedClusters([10, 10], 2, 5, 1);

    expect(() =>
      clusterEmbeddings(data.points, 2, { ...KMEANS, k: 2, restarts: 0 }),
    ).toThrow(/parameter restarts must be a positive integer, got 0/);
  });
});
