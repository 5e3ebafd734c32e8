import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';

import {
  readRunOutputsIntoMatrix,
  readRunSamplesColumnar,
} from '../../../functions/analyze/run-matrix.ts';
import {
  DimensionMismatchError,
  SampleInputError,
} from '../../../shared/analysis/errors.ts';
import { BundleError } from '../../../shared/bundle/errors.ts';
import { valueAt } from '../../../shared/columnar/metadata-columns.ts';
import { s3Body } from '../../shared/aws/s3-body.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const BUCKET = 'test-bucket';
const RUN_ID = 'spam-v1-abc';
const SAMPLES_KEY = `work/${RUN_ID}/samples.jsonl`;
const OUTPUT_KEYS = [
  `work/${RUN_ID}/outputs/00000.jsonl`,
  `work/${RUN_ID}/outputs/00001.jsonl`,
];

const jsonl = (values: unknown[]) =>
  values.map((v) => `${JSON.stringify(v)}\n`).join('');

/** Samples in file order c, a, b: in id order their rows are 2, 0, 1. */
const SAMPLES = [
  { id: 'c', label: 'spam', metadata: { html: true, year: '2019' } },
  { id: 'a', label: 'ham', metadata: { html: false } },
  { id: 'b', label: 'ham', metadata: { year: null } },
];

function givenFiles(samples: unknown[], outputFiles: unknown[][]): void {
  s3Mock
    .on(GetObjectCommand, { Bucket: BUCKET, Key: SAMPLES_KEY })
    .callsFake(() => ({ Body: s3Body(jsonl(samples)) }));
  OUTPUT_KEYS.forEach((key, i) =>
    s3Mock
      .on(GetObjectCommand, { Bucket: BUCKET, Key: key })
      .callsFake(() => ({ Body: s3Body(jsonl(outputFiles[i] ?? [])) })),
  );
  s3Mock
    .on(ListObjectsV2Command)
    .resolves({ Contents: OUTPUT_KEYS.map((Key) => ({ Key })) });
}

async function readRun() {
  const { ids } = await readRunSamplesColumnar(s3, BUCKET, RUN_ID);
  return readRunOutputsIntoMatrix(s3, BUCKET, RUN_ID, ids, 2);
}

describe('Function: readRunSamplesColumnar', () => {
  beforeEach(() => s3Mock.reset());

  it('returns ids and labels, and the metadata as columns in sample order', async () => {
    givenFiles(SAMPLES, []);

    const { ids, labels, metadataColumns } = await readRunSamplesColumnar(
      s3,
      BUCKET,
      RUN_ID,
    );

    expect(ids).toEqual(['c', 'a', 'b']);
    expect(labels).toEqual(['spam', 'ham', 'ham']);
    const read = [0, 1, 2].map((row) =>
      Object.fromEntries(
        metadataColumns.columns.map((c) => [c.field, valueAt(c, row)]),
      ),
    );
    expect(read).toEqual([
      { html: true, year: '2019' },
      { html: false, year: undefined },
      { html: undefined, year: null },
    ]);
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: SAMPLES_KEY,
    });
  });
});

describe('Function: readRunOutputsIntoMatrix', () => {
  beforeEach(() => s3Mock.reset());

  it('writes each embedding at its sample row in id order, the scores and the rest of the line at its sample', async () => {
    givenFiles(SAMPLES, [
      [{ id: 'a', embedding: [1, 2], scores: [0.9, 0.1] }],
      [
        { id: 'c', embedding: [5, 6], prediction: 'spam' },
        { id: 'b', embedding: [3, null], scores: [0.5, 0.5] },
      ],
    ]);

    const { outputs, embeddings } = await readRun();

    expect(Array.from(embeddings.rowOfSample ?? [])).toEqual([2, 0, 1]);
    expect(embeddings.dimensions).toBe(2);
    expect(Array.from(embeddings.data)).toEqual([1, 2, 3, NaN, 5, 6]);
    // Samples in file order c, a, b.
    expect(Array.from(outputs.hasScores)).toEqual([0, 1, 1]);
    expect(Array.from(outputs.scores)).toEqual([0, 0, 0.9, 0.1, 0.5, 0.5]);
    expect(outputs.others).toEqual([{ prediction: 'spam' }, undefined, undefined]);
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Prefix: `work/${RUN_ID}/outputs/`,
    });
  });

  it('keeps no row for a failed output', async () => {
    givenFiles(SAMPLES, [
      [
        { id: 'a', embedding: [1, 2], scores: [0.9, 0.1] },
        { id: 'b', error: 'model error 400' },
        { id: 'c', embedding: [5, 6], scores: [0.1, 0.9] },
      ],
    ]);

    const { outputs, embeddings } = await readRun();

    expect(outputs.others[2]).toEqual({ error: 'model error 400' });
    expect(Array.from(embeddings.data)).toEqual([1, 2, 0, 0, 5, 6]);
  });

  it('refuses a bad embedding entry, naming file, line, field and value', async () => {
    givenFiles(SAMPLES, [
      [
        { id: 'a', embedding: [1, 2] },
        { id: 'b', embedding: [1, 'x'] },
      ],
    ]);

    const error = await readRun().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).toRecord()).toEqual({
      message: `s3://${BUCKET}/${OUTPUT_KEYS[0]} line 2, field "embedding[1]": expected a number or null, got "x"`,
      file: `s3://${BUCKET}/${OUTPUT_KEYS[0]}`,
      line: 2,
      field: 'embedding[1]',
      value: 'x',
    });
  });

  it('refuses an embedding of another dimension, naming the sample', async () => {
    givenFiles(SAMPLES, [
      [
        { id: 'a', embedding: [1, 2] },
        { id: 'b', embedding: [1, 2, 3] },
      ],
    ]);

    const error = await readRun().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DimensionMismatchError);
    expect((error as Error).message).toBe(
      'sample b: embedding has 3 dimensions, expected 2',
    );
  });

  it('refuses a scored output without an embedding, naming the sample', async () => {
    givenFiles(SAMPLES, [
      [
        { id: 'a', embedding: [1, 2] },
        { id: 'b', scores: [0.5, 0.5] },
        { id: 'c', embedding: [5, 6] },
      ],
    ]);

    const error = await readRun().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SampleInputError);
    expect((error as Error).message).toBe(
      'sample b: field embedding must be an array of numbers, got nothing',
    );
  });

  it('keeps scores of another width as the line gave them, for the analysis to name', async () => {
    givenFiles(SAMPLES, [
      [
        { id: 'a', embedding: [1, 2], scores: [0.9, 0.05, 0.05] },
        { id: 'b', embedding: [3, 4], scores: [0.5] },
        { id: 'c', embedding: [5, 6], scores: [0.1, 0.9] },
      ],
    ]);

    const { outputs } = await readRun();

    expect(Array.from(outputs.hasScores)).toEqual([1, 0, 0]);
    expect(outputs.others).toEqual([
      undefined,
      { scores: [0.9, 0.05, 0.05] },
      { scores: [0.5] },
    ]);
  });

  it.each([
    [
      'a second output for a sample',
      [{ id: 'a', embedding: [1, 2] }],
      'sample a: field id must be one output per sample, got "a"',
    ],
    [
      'an output of no sample of the run',
      [{ id: 'z', embedding: [1, 2] }],
      'sample z: field id must be the id of a sample of the run, got "z"',
    ],
  ])('refuses %s, naming the sample', async (_case, extra, message) => {
    givenFiles(SAMPLES, [
      [
        { id: 'a', embedding: [1, 2] },
        { id: 'b', embedding: [3, 4] },
        { id: 'c', embedding: [5, 6] },
        ...extra,
      ],
    ]);

    const error = await readRun().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SampleInputError);
    expect((error as Error).message).toBe(message);
  });

  it('refuses two samples with one id, naming it', async () => {
    givenFiles(
      [...SAMPLES, { id: 'a', label: 'spam', metadata: {} }],
      [[{ id: 'a', embedding: [1, 2] }]],
    );

    const error = await readRun().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SampleInputError);
    expect((error as Error).message).toBe(
      'sample a: field id must be unique within the run, got "a"',
    );
  });

  it('refuses a sample without an output, naming it', async () => {
    givenFiles(SAMPLES, [
      [
        { id: 'a', embedding: [1, 2] },
        { id: 'c', embedding: [5, 6] },
      ],
    ]);

    const error = await readRun().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SampleInputError);
    expect((error as Error).message).toBe(
      'sample b: field output must be one output line, got nothing',
    );
  });

  it('checks the other fields of a line as before, naming the field', async () => {
    givenFiles(SAMPLES, [[{ id: 'a', embedding: [1, 2], scores: 'high' }]]);

    const error = await readRun().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).field).toBe('scores');
  });
});
