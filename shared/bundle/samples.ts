/**
 * Reading the samples file: one JSON object per line, checked against the
 * manifest. Checks that span lines (unique ids, one embedding dimension) are
 * made in `readSamples`.
 */
import { bundleError } from './errors.ts';
import type { BundleError } from './errors.ts';
import { parseJson } from './json.ts';
import {
  checkEmbedding,
  checkHeatmap,
  checkId,
  checkLabel,
  checkLoss,
  checkMetadata,
  checkPrediction,
  checkPredictionAgreesWithScores,
  checkScores,
  isPlainObject,
} from './sample-fields.ts';
import type { LineLocation } from './sample-fields.ts';
import type { Manifest, Sample } from './types.ts';

const SAMPLE_FIELDS = new Set([
  'id',
  'label',
  'input',
  'metadata',
  'embedding',
  'scores',
  'prediction',
  'loss',
  'heatmap',
]);
const BYTE_ORDER_MARK = '\uFEFF';

/** Which set a samples file holds: the evaluation, or the unlabeled pool. */
export type SampleSet = 'evaluation' | 'pool';

/** The evaluation's sample ids, which a pool sample may not reuse. */
export interface EvaluationIds {
  /** The evaluation's samples file, as messages name it. */
  file: string;
  ids: ReadonlySet<string>;
}

export function parseSampleLine(
  line: string,
  lineNumber: number,
  file: string,
  manifest: Manifest,
  set: SampleSet = 'evaluation',
): Sample {
  const where: LineLocation = { file, line: lineNumber };

  return checkSample(parseJson(line, file, lineNumber), where, manifest, set);
}

/** One sample as parsed from its file (a JSON line or a Parquet row), checked. */
export function checkSample(
  data: unknown,
  where: LineLocation,
  manifest: Manifest,
  set: SampleSet = 'evaluation',
): Sample {
  if (!isPlainObject(data)) {
    throw bundleError(where, 'expected a JSON object per line', data);
  }
  const unknown = Object.keys(data).find((key) => !SAMPLE_FIELDS.has(key));
  if (unknown !== undefined) {
    const known = [...SAMPLE_FIELDS].join(', ');
    const problem = `unknown field; a sample has only ${known}`;
    throw bundleError({ ...where, field: unknown }, problem, data[unknown]);
  }

  if (set === 'pool') return readPoolFields(data, where, manifest);
  const sample = readFields(data, where, manifest);
  checkRequiredOutputs(sample, where, manifest);

  return sample;
}

function readFields(
  data: Record<string, unknown>,
  where: LineLocation,
  manifest: Manifest,
): Sample {
  const sample: Sample = { id: checkId(data.id, where), metadata: {} };
  const label = checkLabel(data.label, where, manifest);
  if (label !== undefined) sample.label = label;
  if (data.input !== undefined) sample.input = data.input;
  sample.metadata = checkMetadata(data.metadata, where);
  if (data.embedding !== undefined) {
    sample.embedding = checkEmbedding(data.embedding, where);
  }
  if (data.scores !== undefined)
    sample.scores = checkScores(data.scores, where, manifest);
  if (data.prediction !== undefined) {
    sample.prediction = checkPrediction(data.prediction, where, manifest);
  }
  if (sample.scores !== undefined && sample.prediction !== undefined) {
    checkPredictionAgreesWithScores(sample.prediction, sample.scores, where, manifest);
  }
  if (data.loss !== undefined) sample.loss = checkLoss(data.loss, where);
  if (data.heatmap !== undefined) sample.heatmap = checkHeatmap(data.heatmap, where);

  return sample;
}

/**
 * A pool sample: id, metadata, and what the model needs to embed it (the
 * `input` when the manifest names an endpoint, else the `embedding`). Its
 * label is withheld, so a label is refused rather than leaked into a queue.
 */
function readPoolFields(
  data: Record<string, unknown>,
  where: LineLocation,
  manifest: Manifest,
): Sample {
  if (data.label !== undefined) {
    const problem = 'expected no label: pool samples are unlabeled';
    throw bundleError({ ...where, field: 'label' }, problem, data.label);
  }
  const sample: Sample = {
    id: checkId(data.id, where),
    metadata: checkMetadata(data.metadata, where),
  };
  if (data.input !== undefined) sample.input = data.input;
  if (data.embedding !== undefined) {
    sample.embedding = checkEmbedding(data.embedding, where);
  }
  const needed = manifest.inference !== undefined ? 'input' : 'embedding';
  if (sample[needed] === undefined || sample[needed] === null) {
    const why =
      needed === 'input'
        ? 'the manifest names an endpoint, so every pool sample needs an input'
        : 'without "inference" in the manifest, pool samples need an embedding';
    throw bundleError({ ...where, field: needed }, `missing; ${why}`);
  }

  return sample;
}

function checkRequiredOutputs(
  sample: Sample,
  where: LineLocation,
  manifest: Manifest,
): void {
  const missing = (field: string, problem: string) =>
    bundleError({ ...where, field }, `missing; ${problem}`);
  if (manifest.embeddings !== undefined && sample.embedding !== undefined) {
    const problem = `expected no inline embedding: the manifest names ${manifest.embeddings}`;
    throw bundleError({ ...where, field: 'embedding' }, problem, sample.embedding);
  }
  if (manifest.inference !== undefined) {
    if (sample.input === undefined || sample.input === null) {
      throw missing(
        'input',
        'the manifest names an endpoint, so every sample needs an input',
      );
    }
    return;
  }

  const precomputed =
    'without "inference" in the manifest, outputs must be precomputed';
  if (sample.embedding === undefined && manifest.embeddings === undefined) {
    throw missing('embedding', `${precomputed} (or name an .npy in "embeddings")`);
  }
  if (manifest.task === 'classification') {
    if (sample.scores === undefined && sample.prediction === undefined) {
      throw missing('scores', `${precomputed}: give "scores" or "prediction"`);
    }
  } else if (manifest.task === 'regression') {
    if (sample.prediction === undefined) throw missing('prediction', precomputed);
  } else if (sample.loss === undefined) {
    throw missing('loss', `${precomputed}: a custom task gives each sample's loss`);
  }
}

/**
 * Reads every sample of a JSONL file. Blank lines are skipped and a UTF-8 BOM
 * on the first line is tolerated; a file with no samples is an error. A pool
 * file is given the evaluation's ids: it may not reuse them.
 */
export async function readSamples(
  lines: AsyncIterable<string>,
  file: string,
  manifest: Manifest,
  set: SampleSet = 'evaluation',
  evaluation?: EvaluationIds,
): Promise<Sample[]> {
  return gatherSamples(parsedLines(lines, file, manifest, set), file, evaluation);
}

async function* parsedLines(
  lines: AsyncIterable<string>,
  file: string,
  manifest: Manifest,
  set: SampleSet,
): AsyncGenerator<PlacedSample> {
  let lineNumber = 0;
  for await (const rawLine of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 ? stripByteOrderMark(rawLine) : rawLine;
    if (line.trim() === '') continue;

    const sample = parseSampleLine(line, lineNumber, file, manifest, set);
    yield { sample, where: { file, line: lineNumber } };
  }
}

/** A checked sample and where it was read. */
export interface PlacedSample {
  sample: Sample;
  where: LineLocation;
}

/**
 * Collects checked samples with the checks that span them: unique ids, none
 * of them an `evaluation` id, and one embedding dimension. A file with no
 * samples is an error.
 */
export async function gatherSamples(
  placed: AsyncIterable<PlacedSample>,
  file: string,
  evaluation?: EvaluationIds,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const placeOfId = new Map<string, string>();
  let embeddingShape: { dim: number; place: string } | undefined;
  for await (const { sample, where } of placed) {
    checkUniqueId(sample.id, where, placeOfId);
    if (evaluation?.ids.has(sample.id)) {
      throw evaluationIdError(sample.id, where, evaluation.file);
    }
    embeddingShape ??= sample.embedding && {
      dim: sample.embedding.length,
      place: placeOf(where),
    };
    checkEmbeddingDim(sample, where, embeddingShape);
    samples.push(sample);
  }

  if (samples.length === 0) throw bundleError({ file }, 'contains no samples');

  return samples;
}

/** "line 3" or "row 3", as messages name a place. */
function placeOf(where: LineLocation): string {
  return 'line' in where ? `line ${where.line}` : `row ${where.row}`;
}

function checkUniqueId(
  id: string,
  where: LineLocation,
  placeOfId: Map<string, string>,
): void {
  const earlier = placeOfId.get(id);
  if (earlier !== undefined) {
    const problem = `duplicate id ${JSON.stringify(id)}, already used on ${earlier}`;
    throw bundleError({ ...where, field: 'id' }, problem, id);
  }

  placeOfId.set(id, placeOf(where));
}

function evaluationIdError(
  id: string,
  where: LineLocation,
  evaluationFile: string,
): BundleError {
  const problem =
    `id ${JSON.stringify(id)} is already an evaluation sample id (in ${evaluationFile}); ` +
    'pool ids must differ from them, as the labeling queue names samples by id';

  return bundleError({ ...where, field: 'id' }, problem, id);
}

function checkEmbeddingDim(
  sample: Sample,
  where: LineLocation,
  first: { dim: number; place: string } | undefined,
): void {
  if (sample.embedding === undefined || first === undefined) return;
  if (sample.embedding.length === first.dim) return;

  const problem =
    `expected an embedding of dimension ${first.dim} (as on ${first.place}), ` +
    `got ${sample.embedding.length}`;
  throw bundleError({ ...where, field: 'embedding' }, problem, sample.embedding.length);
}

function stripByteOrderMark(line: string): string {
  return line.startsWith(BYTE_ORDER_MARK) ? line.slice(1) : line;
}
