import { covariance, type Covariance } from './covariance.ts';
import { AnalysisParameterError } from './errors.ts';
import { checkedRowCount } from './matrix-checks.ts';
import { topEigenpairs } from './top-eigenvectors.ts';

/**
 * Where the model errs, per sample: for classification the label and the
 * predicted class probabilities (a one-hot prediction when the model gives
 * no scores); otherwise the loss.
 */
export type ErrorSignal =
  | {
      kind: 'classification';
      classCount: number;
      /** Class index of each sample's label. */
      labels: Int32Array;
      /** n x classCount, row-major: each row sums to 1. */
      probabilities: Float64Array;
    }
  | { kind: 'loss'; losses: Float64Array };

export const ERROR_AWARE_DEFAULTS = {
  /** Most principal components kept of an embedding of more dimensions. */
  maxComponents: 32,
  /** Components are kept until they hold this share of the embedding's variance. */
  varianceShare: 0.9,
  /** Variance of the error block, in units of the first component's variance. */
  errorWeight: 2,
  /** Robustly scaled losses are clipped to [-lossClip, lossClip]. */
  lossClip: 3,
  seed: 1,
  maxIterations: 500,
  tolerance: 1e-6,
} as const;

export type ErrorAwareOptions = Partial<
  Record<keyof typeof ERROR_AWARE_DEFAULTS, number>
>;

/** How the features were built (recorded with the clustering). */
export interface FeatureSummary {
  /** Embedding dimensions in. */
  embeddingDimensions: number;
  /** Principal components kept: all of them when d <= maxComponents. */
  components: number;
  /** Share of the embedding's variance the kept components hold. */
  keptVarianceRatio: number;
  /** Columns of the error block: 2 x classes, or 1 (the loss). */
  errorColumns: number;
  /** Error block variance over the first component's variance. */
  errorWeight: number;
  /** Error block variance over the total variance of the features. */
  errorVarianceShare: number;
  /** Whether the subspace iteration of the PCA converged, and its iterations. */
  pcaConverged: boolean;
  pcaIterations: number;
}

export interface ErrorAwareFeatures {
  /** n x dimensions, row-major: the embedding block, then the error block. */
  features: Float32Array;
  dimensions: number;
  summary: FeatureSummary;
  /** The embedding's covariance the PCA was taken from, for others to reuse. */
  covariance: Covariance;
}

type Settings = { -readonly [K in keyof typeof ERROR_AWARE_DEFAULTS]: number };

/**
 * Features on which k-means follows both what samples mean and where the
 * model errs (Domino's idea, Eyuboglu et al., 2022, as k-means): the
 * embedding projected on its principal components (at most `maxComponents`,
 * fewer when they already hold `varianceShare` of the variance) and divided
 * by the first component's standard deviation (so it has variance 1),
 * followed by the error block (label one-hot and predicted probabilities, or
 * the robustly scaled loss), centred and scaled to a total variance of
 * `errorWeight`: that many first components' worth. A constant block stays
 * 0. See docs/analysis.md, "Error-aware clustering". `allocate` gives the
 * (zeroed) features array: the clustering puts it in the kernels' memory, so
 * k-means reads it without a copy.
 */
export function errorAwareFeatures(
  embeddings: Float32Array,
  dimensions: number,
  signal: ErrorSignal,
  options: ErrorAwareOptions = {},
  allocate: (length: number) => Float32Array = (length) => new Float32Array(length),
): ErrorAwareFeatures {
  const settings = checkedSettings(options);
  const n = checkedRowCount('embeddings', embeddings, dimensions);
  const errors = errorBlock(signal, n, settings.lossClip);

  const pca = principalComponents(embeddings, dimensions, settings);
  const firstVariance = (pca.values[0] as number) > 0 ? (pca.values[0] as number) : 1;
  const unit = 1 / Math.sqrt(firstVariance);
  const errorScale = blockScale(errors, settings.errorWeight);
  const width = pca.vectors.length + errors.columns;
  const features = allocate(n * width);
  projectInto(features, width, embeddings, pca, unit);
  appendErrors(features, width, errors, errorScale);

  const embeddingVariance = sumOf(pca.values) / firstVariance;
  const errorVariance = errors.totalVariance * errorScale * errorScale;
  const totalVariance = embeddingVariance + errorVariance;
  return {
    features,
    dimensions: width,
    covariance: pca.covariance,
    summary: {
      embeddingDimensions: dimensions,
      components: pca.vectors.length,
      keptVarianceRatio: pca.trace > 0 ? sumOf(pca.values) / pca.trace : 0,
      errorColumns: errors.columns,
      errorWeight: errorVariance,
      errorVarianceShare: totalVariance > 0 ? errorVariance / totalVariance : 0,
      pcaConverged: pca.converged,
      pcaIterations: pca.iterations,
    },
  };
}

function checkedSettings(options: ErrorAwareOptions): Settings {
  const settings: Settings = { ...ERROR_AWARE_DEFAULTS, ...definedOf(options) };
  const { maxComponents, varianceShare, errorWeight, lossClip } = settings;
  if (!Number.isInteger(maxComponents) || maxComponents < 1) {
    throw new AnalysisParameterError('maxComponents', maxComponents, 'an integer >= 1');
  }
  if (!(varianceShare > 0 && varianceShare <= 1)) {
    throw new AnalysisParameterError('varianceShare', varianceShare, 'in (0, 1]');
  }
  if (!(Number.isFinite(errorWeight) && errorWeight >= 0)) {
    throw new AnalysisParameterError('errorWeight', errorWeight, 'a number >= 0');
  }
  if (!(lossClip > 0)) {
    throw new AnalysisParameterError('lossClip', lossClip, 'a number > 0');
  }

  return settings;
}

function definedOf(options: ErrorAwareOptions): ErrorAwareOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  );
}

interface Components {
  covariance: Covariance;
  mean: Float64Array;
  /** Variance along each kept component, largest first. */
  values: Float64Array;
  vectors: Float64Array[];
  /** Total variance of the embedding. */
  trace: number;
  converged: boolean;
  iterations: number;
}

/**
 * The principal components to keep: all d when d <= maxComponents, else the
 * fewest of the top maxComponents that hold `varianceShare` of the trace.
 */
function principalComponents(
  embeddings: Float32Array,
  d: number,
  settings: Settings,
): Components {
  const cov = covariance(embeddings, d);
  const wanted = Math.min(d, settings.maxComponents);
  const top = topEigenpairs(cov.matrix, d, wanted, settings);
  const trace = traceOf(cov.matrix, d);

  const kept = d <= settings.maxComponents ? d : keptCount(top.values, trace, settings);
  return {
    covariance: cov,
    mean: cov.mean,
    values: top.values.slice(0, kept),
    vectors: top.vectors.slice(0, kept),
    trace,
    converged: top.converged,
    iterations: top.iterations,
  };
}

function keptCount(values: Float64Array, trace: number, settings: Settings): number {
  let held = 0;
  for (let i = 0; i < values.length; i++) {
    held += values[i] as number;
    if (held >= settings.varianceShare * trace) {
      return i + 1;
    }
  }

  return values.length;
}

interface ErrorBlock {
  columns: number;
  /** n x columns, centred. */
  values: Float64Array;
  totalVariance: number;
}

function errorBlock(signal: ErrorSignal, n: number, lossClip: number): ErrorBlock {
  const raw =
    signal.kind === 'classification'
      ? classificationBlock(signal, n)
      : { columns: 1, values: robustlyScaled(signal.losses, n, lossClip) };

  return centred(raw.values, raw.columns, n);
}

type ClassificationSignal = Extract<ErrorSignal, { kind: 'classification' }>;

/** Label one-hot, then the predicted probabilities: 2 x classCount columns. */
function classificationBlock(
  signal: ClassificationSignal,
  n: number,
): { columns: number; values: Float64Array } {
  checkClassificationSignal(signal, n);
  const c = signal.classCount;

  const values = new Float64Array(n * 2 * c);
  for (let i = 0; i < n; i++) {
    values[i * 2 * c + (signal.labels[i] as number)] = 1;
    for (let j = 0; j < c; j++) {
      values[i * 2 * c + c + j] = signal.probabilities[i * c + j] as number;
    }
  }

  return { columns: 2 * c, values };
}

function checkClassificationSignal(signal: ClassificationSignal, n: number): void {
  const c = signal.classCount;
  if (signal.labels.length !== n || signal.probabilities.length !== n * c) {
    throw new AnalysisParameterError(
      'signal',
      `${signal.labels.length} labels, ${signal.probabilities.length} probabilities`,
      `${n} labels and ${n * c} probabilities (n x classCount)`,
    );
  }

  const badLabel = signal.labels.findIndex((label) => label < 0 || label >= c);
  if (badLabel >= 0) {
    const field = `signal.labels[${badLabel}]`;
    throw new AnalysisParameterError(field, signal.labels[badLabel], `0 to ${c - 1}`);
  }
  const badScore = signal.probabilities.findIndex((p) => !Number.isFinite(p));
  if (badScore >= 0) {
    const field = `signal.probabilities[${badScore}]`;
    throw new AnalysisParameterError(field, signal.probabilities[badScore], 'finite');
  }
}

/**
 * (loss - median) / (1.4826 MAD), the standard deviation standing in when
 * more than half the losses are equal, clipped to [-clip, clip]: a few
 * extreme losses must not take the whole block's variance.
 */
function robustlyScaled(losses: Float64Array, n: number, clip: number): Float64Array {
  if (losses.length !== n) {
    throw new AnalysisParameterError('signal.losses', losses.length, `${n} losses`);
  }

  const median = medianOf(losses);
  const mad = 1.4826 * medianOf(losses.map((loss) => Math.abs(loss - median)));
  const scale = mad > 0 ? mad : standardDeviation(losses);
  const scaled = losses.map((loss) =>
    scale > 0 ? Math.max(-clip, Math.min(clip, (loss - median) / scale)) : 0,
  );

  return scaled;
}

/**
 * The block centred by column. A variance at the level of rounding (below
 * (1e-12 x the largest value)²) is taken as 0: scaling it up would turn
 * rounding noise into a block of full weight.
 */
function centred(values: Float64Array, columns: number, n: number): ErrorBlock {
  const means = new Float64Array(columns);
  values.forEach(
    (v, i) => (means[i % columns] = (means[i % columns] as number) + v / n),
  );
  let squares = 0;
  let largest = 0;
  const result = values.map((v, i) => {
    const c = v - (means[i % columns] as number);
    squares += c * c;
    largest = Math.max(largest, Math.abs(v));
    return c;
  });
  const variance = n > 1 ? squares / (n - 1) : 0;

  return {
    columns,
    values: result,
    totalVariance: variance > (1e-12 * largest) ** 2 ? variance : 0,
  };
}

/** The factor that gives the block `targetVariance`; 0 for a constant block. */
function blockScale(block: ErrorBlock, targetVariance: number): number {
  return block.totalVariance > 0 ? Math.sqrt(targetVariance / block.totalVariance) : 0;
}

/**
 * features[i][c] = unit * (x_i - mean) . v_c for the kept components, in
 * float64; the components are packed in one array, taken four at a time
 * over the same centred row, and nothing is allocated per row.
 */
function projectInto(
  features: Float32Array,
  width: number,
  embeddings: Float32Array,
  pca: Components,
  unit: number,
): void {
  const d = pca.mean.length;
  const n = embeddings.length / d;
  const components = pca.vectors.length;
  const packed = new Float64Array(components * d);
  pca.vectors.forEach((vector, c) => packed.set(vector, c * d));
  const mean = pca.mean;
  const centredRow = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) {
      centredRow[j] = (embeddings[base + j] as number) - (mean[j] as number);
    }
    const out = i * width;
    let c = 0;
    for (; c + 4 <= components; c += 4) {
      const v0 = c * d;
      const v1 = v0 + d;
      const v2 = v1 + d;
      const v3 = v2 + d;
      let dot0 = 0;
      let dot1 = 0;
      let dot2 = 0;
      let dot3 = 0;
      for (let j = 0; j < d; j++) {
        const x = centredRow[j] as number;
        dot0 += x * (packed[v0 + j] as number);
        dot1 += x * (packed[v1 + j] as number);
        dot2 += x * (packed[v2 + j] as number);
        dot3 += x * (packed[v3 + j] as number);
      }
      features[out + c] = dot0 * unit;
      features[out + c + 1] = dot1 * unit;
      features[out + c + 2] = dot2 * unit;
      features[out + c + 3] = dot3 * unit;
    }
    for (; c < components; c++) {
      const v = c * d;
      let dot = 0;
      for (let j = 0; j < d; j++) {
        dot += (centredRow[j] as number) * (packed[v + j] as number);
      }
      features[out + c] = dot * unit;
    }
  }
}

function appendErrors(
  features: Float32Array,
  width: number,
  errors: ErrorBlock,
  scale: number,
): void {
  const offset = width - errors.columns;
  errors.values.forEach((v, index) => {
    const i = Math.floor(index / errors.columns);
    features[i * width + offset + (index % errors.columns)] = v * scale;
  });
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;

  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function standardDeviation(values: Float64Array): number {
  const mean = sumOf(values) / values.length;
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);

  return values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
}

function traceOf(matrix: Float64Array, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    sum += matrix[i * d + i] as number;
  }

  return sum;
}

function sumOf(values: Float64Array): number {
  return values.reduce((sum, v) => sum + v, 0);
}
