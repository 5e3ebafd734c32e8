/**
 * analyzeRun given the run as a loader fills it (embeddings in one matrix,
 * rows in any order, metadata as columns) returns exactly what it returns
 * given one object per sample.
 */
import { describe, expect, it } from 'vitest';

import { analyzeRun } from '../../../shared/analysis/analyze.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import type {
  AnalysisSample,
  AnalyzeRunInput,
  RunAsColumns,
  RunObjects,
  SampleOutput,
} from '../../../shared/analysis/types.ts';
import { EmbeddingMatrixBuilder } from '../../../shared/columnar/embedding-matrix.ts';
import { MetadataColumnsBuilder } from '../../../shared/columnar/metadata-columns.ts';
import { gaussian } from './planted.ts';

const CLASSES = ['ham', 'spam'];
const DIMENSIONS = 6;

/**
 * 400 e-mails, ids shuffled; every fifth in a planted group that is mostly
 * html, long and wrong. Sample 17 has a null in its embedding (quarantined)
 * and sample 23 failed.
 */
function objectRun(): AnalyzeRunInput & { outputs: SampleOutput[] } {
  const random = seededRandom(21);
  const samples: AnalysisSample[] = [];
  const outputs: SampleOutput[] = [];
  for (let i = 0; i < 400; i++) {
    const planted = i % 5 === 0;
    const id = `s${(i * 7919) % 400}`;
    const label = CLASSES[random() < 0.5 ? 1 : 0] as string;
    const p = (planted ? random() < 0.6 : random() < 0.1) ? 0.3 : 0.8;
    const embedding: Array<number | null> = Array.from(
      { length: DIMENSIONS },
      (_, j) => (planted && j === 0 ? 4 : 0) + gaussian(random),
    );
    if (i === 17) embedding[2] = null;
    samples.push({
      id,
      label,
      metadata: {
        html: planted ? random() < 0.9 : random() < 0.3,
        lengthChars: Math.round(random() * 5000) + (planted ? 4000 : 0),
        year: random() < 0.1 ? null : String(2010 + Math.floor(random() * 10)),
        domain: ['a.com', 'b.org', ''][Math.floor(random() * 3)] as string,
      },
    });
    const scores = label === 'spam' ? [1 - p, p] : [p, 1 - p];
    outputs.push(i === 23 ? { id, error: 'timeout' } : { id, embedding, scores });
  }

  return {
    task: 'classification',
    classes: CLASSES,
    scoreKind: 'probabilities',
    samples,
    outputs,
  };
}

/** The same run with its embeddings in one matrix (rows reversed) and metadata as columns. */
function columnarRun(
  run: AnalyzeRunInput & RunObjects & { outputs: SampleOutput[] },
): AnalyzeRunInput {
  const n = run.samples.length;
  const rowOfSample = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
  const matrix = new EmbeddingMatrixBuilder({ rows: n });
  run.outputs.forEach((o, i) => {
    if (o.embedding) matrix.setRow(rowOfSample[i] as number, o.embedding);
  });
  const metadata = new MetadataColumnsBuilder();
  run.samples.forEach((s) => metadata.append(s.metadata));

  return {
    ...run,
    samples: run.samples.map(({ id, label }) => ({ id, label, metadata: {} })),
    outputs: run.outputs.map(({ embedding: _embedding, ...rest }) => rest),
    embeddings: { ...matrix.finish(), rowOfSample },
    metadataColumns: metadata.finish(),
  };
}

/** The same run as the analyze Lambda reads it: samples and outputs as columns too. */
function runColumns(
  run: AnalyzeRunInput & RunObjects & { outputs: SampleOutput[] },
): AnalyzeRunInput {
  const { samples: _samples, outputs: _outputs, ...matrixRun } = columnarRun(run);
  const n = run.samples.length;
  // As the loader fills them: scores of the classes' width in the column, the rest kept.
  const width = run.task === 'classification' ? (run.classes?.length ?? 0) : 0;
  const scores = new Float64Array(n * width);
  const hasScores = new Uint8Array(n);
  const others = run.outputs.map(
    ({ id: _id, embedding: _embedding, scores: given, ...rest }, i) => {
      if (given !== undefined && width > 0 && given.length === width) {
        scores.set(given, i * width);
        hasScores[i] = 1;
      } else if (given !== undefined) {
        return { ...rest, scores: given };
      }
      return Object.keys(rest).length > 0 ? rest : undefined;
    },
  );

  return {
    ...(matrixRun as Omit<typeof matrixRun, 'samples' | 'outputs'>),
    embeddings: matrixRun.embeddings!,
    metadataColumns: matrixRun.metadataColumns!,
    columns: {
      ids: run.samples.map((s) => s.id),
      labels: run.samples.map((s) => s.label),
      scoreWidth: width,
      scores,
      hasScores,
      others,
    },
  };
}

describe('Function: analyzeRun (columnar input)', () => {
  it('returns the same analysis from a matrix and columns as from objects', () => {
    const run = objectRun();

    const fromObjects = analyzeRun(run);
    const fromColumns = analyzeRun(columnarRun(run));

    expect(fromObjects.counts).toEqual({ samples: 400, quarantined: 1, failed: 1 });
    expect(fromObjects.aggressors.length).toBeGreaterThan(0);
    // The per-sample results hold rows of their own input's matrix: compare what they say.
    const said = (a: typeof fromObjects) => ({
      ...a,
      perSample: a.perSample.toArray(),
    });
    expect(said(fromColumns)).toEqual(said(fromObjects));
  });

  it('returns the same analysis from samples and outputs as columns', () => {
    const run = objectRun();

    const fromObjects = analyzeRun(run);
    const fromColumns = analyzeRun(runColumns(run));

    const said = (a: typeof fromObjects) => ({
      ...a,
      perSample: a.perSample.toArray(),
    });
    expect(said(fromColumns)).toEqual(said(fromObjects));
  });

  it.each([
    ['logits', { scoreKind: 'logits' as const }, (s: number[]) => s.map(Math.log)],
    ['predictions without scores', {}, null],
  ])('returns the same analysis from columns for %s', (_case, change, toScores) => {
    const run = objectRun();
    const outputs = run.outputs.map(({ scores, ...rest }) =>
      scores === undefined
        ? rest
        : toScores === null
          ? { ...rest, prediction: scores[1]! > 0.5 ? 'spam' : 'ham' }
          : { ...rest, scores: toScores(scores) },
    );
    const objects = { ...run, ...change, outputs };

    const said = (a: ReturnType<typeof analyzeRun>) => ({
      ...a,
      perSample: a.perSample.toArray(),
    });
    expect(said(analyzeRun(runColumns(objects)))).toEqual(said(analyzeRun(objects)));
  });

  it.each([
    ['regression', 'regression' as const],
    ['a custom loss', 'custom' as const],
  ])('returns the same analysis from columns for %s', (_case, task) => {
    const run = objectRun();
    const objects = {
      task,
      samples: run.samples.map((s, i) => ({ ...s, label: i % 7 })),
      outputs: run.outputs.map(({ scores, ...rest }, i) =>
        rest.error !== undefined
          ? rest
          : task === 'regression'
            ? { ...rest, prediction: (i % 7) + (scores![0]! > 0.5 ? 0.1 : 3) }
            : { ...rest, loss: scores![0]!, ...(i % 2 === 0 && { prediction: 'x' }) },
      ),
    };

    const said = (a: ReturnType<typeof analyzeRun>) => ({
      ...a,
      perSample: a.perSample.toArray(),
    });
    const fromObjects = analyzeRun(objects);
    expect(fromObjects.perSample.length).toBe(399);
    expect(said(analyzeRun(runColumns(objects)))).toEqual(said(fromObjects));
  });

  it('scores columns as objects: scores that did not fit are named', () => {
    const run = runColumns(objectRun()) as AnalyzeRunInput & RunAsColumns;
    const others = [...run.columns.others];
    const hasScores = Uint8Array.from(run.columns.hasScores);
    hasScores[1] = 0;
    others[1] = { scores: [0.5, 0.25, 0.25] };

    expect(() =>
      analyzeRun({ ...run, columns: { ...run.columns, others, hasScores } }),
    ).toThrow(
      /^sample s319: field scores must be 2 numbers, got \[0\.5,0\.25,0\.25\]$/,
    );
  });

  it.each([
    [
      'labels',
      { labels: ['ham'] },
      'parameter columns.labels must be 400 entries, got 1',
    ],
    [
      'scores',
      { scores: new Float64Array(3) },
      'parameter columns.scores must be 800 entries, got 3',
    ],
  ])('refuses %s of another length than the ids', (_field, change, message) => {
    const run = runColumns(objectRun()) as AnalyzeRunInput & RunAsColumns;

    expect(() =>
      analyzeRun({ ...run, columns: { ...run.columns, ...change } }),
    ).toThrow(message);
  });

  it('refuses a duplicate id in the columns, naming it', () => {
    const run = runColumns(objectRun()) as AnalyzeRunInput & RunAsColumns;
    const ids = [...run.columns.ids];
    ids[3] = ids[2] as string;

    expect(() => analyzeRun({ ...run, columns: { ...run.columns, ids } })).toThrow(
      `sample ${ids[2]}: field id must be unique within the run, got "${ids[2]}"`,
    );
  });

  it('refuses a matrix with another row count than the samples', () => {
    const run = columnarRun(objectRun());
    const embeddings = { rows: 2, dimensions: 1, data: new Float32Array(2) };

    expect(() => analyzeRun({ ...run, embeddings })).toThrow(
      'parameter embeddings.rows must be 400 rows, one per sample, got 2',
    );
  });

  it('refuses a sample row outside the matrix', () => {
    const run = columnarRun(objectRun());
    const rowOfSample = new Int32Array(400).fill(0);
    rowOfSample[5] = 400;
    const embeddings = { ...run.embeddings!, rowOfSample };

    expect(() => analyzeRun({ ...run, embeddings })).toThrow(
      'parameter embeddings.rowOfSample[5] must be a row in [0, 400), got 400',
    );
  });
});
