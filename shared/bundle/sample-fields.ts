/**
 * Checks of one sample's fields against the manifest. Each returns the
 * field's value typed, or throws a `BundleError` naming the field and value.
 */
import { argmax } from '../analysis/losses.ts';
import { FLOAT32_MAX } from '../columnar/embedding-matrix.ts';
import { bundleError, quoteValue } from './errors.ts';
import type { BundleLocation } from './errors.ts';
import type { Manifest, MetadataValue } from './types.ts';

/**
 * Where a sample is: its file and 1-based line number (JSON Lines) or row
 * number (Parquet).
 */
export type LineLocation =
  { file: string; line: number } | { file: string; row: number };

/** Probabilities rounded to 3 decimals must pass: allow half a unit per class. */
const ROUNDING_PER_CLASS = 0.0005;
const SUM_TOLERANCE_MIN = 1e-3;
const FLOAT_SLACK = 1e-9;

function at(where: LineLocation, field: string): BundleLocation {
  return { ...where, field };
}

function fail(
  where: LineLocation,
  field: string,
  expected: string,
  value: unknown,
): never {
  throw bundleError(at(where, field), `${expected}, got ${quoteValue(value)}`, value);
}

export function checkId(value: unknown, where: LineLocation): string {
  if (typeof value === 'string' && value !== '') return value;
  if (value === undefined)
    throw bundleError(at(where, 'id'), 'missing; expected a non-empty string id');

  const hint = typeof value === 'number' ? ' (write ids as strings, e.g. str(i))' : '';

  return fail(where, 'id', `expected a non-empty string${hint}`, value);
}

export function checkFiniteNumber(
  value: unknown,
  where: LineLocation,
  field: string,
): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;

  return fail(where, field, 'expected a finite number', value);
}

export function checkClassName(
  value: unknown,
  where: LineLocation,
  field: string,
  classes: string[],
): string {
  if (typeof value === 'string' && classes.includes(value)) return value;

  const names = classes.map((name) => JSON.stringify(name)).join(', ');
  const hint = typeof value === 'string' ? '' : classNameHint(value, classes);

  return fail(
    where,
    field,
    `expected one of the manifest's classes ${names}${hint}`,
    value,
  );
}

/** Numbers are refused: with digit class names an index and a name read differently. */
function classNameHint(value: unknown, classes: string[]): string {
  const name = typeof value === 'number' ? classes[value] : undefined;
  if (name === undefined) return ' (as a string)';

  return ` (by name, not by index: classes[${value as number}] is ${JSON.stringify(name)})`;
}

export function checkLabel(
  value: unknown,
  where: LineLocation,
  manifest: Manifest,
): string | number | undefined {
  if (manifest.task === 'classification') {
    return checkClassName(value, where, 'label', manifest.classes ?? []);
  }
  if (manifest.task === 'regression') return checkFiniteNumber(value, where, 'label');
  if (value === undefined || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;

  return fail(where, 'label', 'expected a string or a finite number', value);
}

export function checkMetadata(
  value: unknown,
  where: LineLocation,
): Record<string, MetadataValue> {
  if (value === undefined) return {};
  if (!isPlainObject(value))
    return fail(where, 'metadata', 'expected a flat object', value);

  for (const [name, entry] of Object.entries(value)) {
    const field = `metadata.${name}`;
    if (entry === null || typeof entry === 'string' || typeof entry === 'boolean')
      continue;
    if (typeof entry === 'number') checkFiniteNumber(entry, where, field);
    else fail(where, field, 'expected a number, string, boolean or null', entry);
  }

  return value as Record<string, MetadataValue>;
}

export function checkVector(
  value: unknown,
  where: LineLocation,
  field: string,
): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    return fail(where, field, 'expected a non-empty list of numbers', value);
  }

  const badIndex = value.findIndex(
    (entry) => typeof entry !== 'number' || !Number.isFinite(entry),
  );
  if (badIndex !== -1) {
    fail(where, `${field}[${badIndex}]`, 'expected a finite number', value[badIndex]);
  }

  return value as number[];
}

/**
 * An embedding: finite numbers that float32, as the run keeps embeddings,
 * can hold. A larger value would become an infinity there.
 */
export function checkEmbedding(value: unknown, where: LineLocation): number[] {
  const embedding = checkVector(value, where, 'embedding');
  const badIndex = embedding.findIndex((entry) => Math.abs(entry) > FLOAT32_MAX);
  if (badIndex !== -1) {
    const expected = `expected a number within float32's range, ±${FLOAT32_MAX}`;
    fail(where, `embedding[${badIndex}]`, expected, embedding[badIndex]);
  }

  return embedding;
}

export function checkScores(
  value: unknown,
  where: LineLocation,
  manifest: Manifest,
): number[] {
  const classes = manifest.classes ?? [];
  if (manifest.task !== 'classification') {
    return fail(
      where,
      'scores',
      `expected no scores for a ${manifest.task} task`,
      value,
    );
  }
  if (manifest.scores === undefined) {
    const expected =
      'expected no scores, as manifest.json declares no "scores" kind to read them ' +
      'by (add "scores": "probabilities" or "logits" there)';
    return fail(where, 'scores', expected, value);
  }
  const scores = checkVector(value, where, 'scores');
  if (scores.length !== classes.length) {
    const problem =
      `expected ${classes.length} scores, one per class, ` +
      `got ${scores.length}: ${quoteValue(scores)}`;
    throw bundleError(at(where, 'scores'), problem, scores);
  }

  if (manifest.scores === 'probabilities') checkProbabilities(scores, where);

  return scores;
}

function checkProbabilities(scores: number[], where: LineLocation): void {
  const sum = scores.reduce((total, score) => total + score, 0);
  const tolerance = Math.max(SUM_TOLERANCE_MIN, ROUNDING_PER_CLASS * scores.length);
  const inRange = scores.every((score) => score >= 0 && score <= 1);
  if (inRange && Math.abs(sum - 1) <= tolerance + FLOAT_SLACK) return;

  const problem =
    `expected probabilities (each in [0, 1], summing to 1 within ${tolerance}), ` +
    `got ${quoteValue(scores)} summing to ${Number(sum.toPrecision(6))}; ` +
    'if these are logits, declare "scores": "logits" in manifest.json';
  throw bundleError(at(where, 'scores'), problem, scores);
}

export function checkLoss(value: unknown, where: LineLocation): number {
  const loss = checkFiniteNumber(value, where, 'loss');
  if (loss < 0) fail(where, 'loss', 'expected a loss of 0 or more', loss);

  return loss;
}

export function checkPrediction(
  value: unknown,
  where: LineLocation,
  manifest: Manifest,
): string | number {
  if (manifest.task === 'classification') {
    return checkClassName(value, where, 'prediction', manifest.classes ?? []);
  }

  return checkFiniteNumber(value, where, 'prediction');
}

/**
 * A classification prediction given beside scores must be the class the
 * scores pick, the first on a tie: the analysis reads the loss and the
 * prediction from the scores, so a different one would be silently dropped.
 */
export function checkPredictionAgreesWithScores(
  prediction: string | number,
  scores: number[],
  where: LineLocation,
  manifest: Manifest,
): void {
  const bestClass = manifest.classes?.[argmax(scores)];
  if (prediction === bestClass) return;

  const problem =
    `expected ${quoteValue(bestClass)}, the class with the highest score in ` +
    `${quoteValue(scores)} (the first on a tie), got ${quoteValue(prediction)}; ` +
    'the loss and the prediction are read from the scores, so give a prediction ' +
    'that agrees with them or leave it out';
  throw bundleError(at(where, 'prediction'), problem, prediction);
}

export function checkHeatmap(value: unknown, where: LineLocation): number[][] {
  if (!Array.isArray(value) || value.length === 0) {
    return fail(
      where,
      'heatmap',
      'expected a non-empty list of rows of numbers',
      value,
    );
  }

  const rows = value.map((row, index) => checkVector(row, where, `heatmap[${index}]`));
  const width = rows[0]?.length;
  rows.forEach((row, index) => {
    if (row.length !== width) {
      fail(
        where,
        `heatmap[${index}]`,
        `expected ${width} values like heatmap[0]`,
        row.length,
      );
    }
  });

  return rows;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
