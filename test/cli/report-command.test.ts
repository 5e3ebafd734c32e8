import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { saveReport } from '../../cli/commands/report.ts';
import { CliError } from '../../cli/errors.ts';
import { s3Body } from '../shared/aws/s3-body.ts';
import { mockedStore } from './mocked-store.ts';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);
const store = mockedStore();

const RUN = {
  pk: 'PROJECT#spam',
  sk: 'RUN#spam-v1-x',
  project: 'spam',
  modelVersion: 'v1',
  runId: 'spam-v1-x',
  status: 'succeeded',
  uploadedAtEpochMs: 5,
  manifestKey: 'evaluations/spam/v1/manifest.json',
};
const STORED = new Map([
  ['results/spam/v1/spam-v1-x/report.html', '<!doctype html><title>r</title>'],
  ['results/spam/v1/spam-v1-x/labeling-queue.manifest', '{"source":"x"}\n'],
]);

beforeEach(() => {
  s3Mock.reset();
  ddbMock.reset();
  ddbMock.on(QueryCommand).resolves({ Items: [RUN] });
  s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const body = STORED.get(Key);
    if (body === undefined)
      throw Object.assign(new Error('gone'), { name: 'NoSuchKey' });
    return { Body: s3Body(body) };
  });
});

describe('Function: saveReport', () => {
  it('writes the stored report and the labeling manifest into --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'report-')), 'nested');

    const path = await saveReport(store, 'spam', 'v1', { out });

    expect(path).toBe(join(out, 'report.html'));
    expect(readFileSync(path, 'utf8')).toBe(
      STORED.get('results/spam/v1/spam-v1-x/report.html'),
    );
    expect(readFileSync(join(out, 'labeling-queue.manifest'), 'utf8')).toBe(
      '{"source":"x"}\n',
    );
  });

  it('names --out when it is a file, not a folder', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'taken');
    writeFileSync(file, 'keep me');

    const saving = saveReport(store, 'spam', 'v1', { out: file });

    await expect(saving).rejects.toThrow(CliError);
    await expect(saveReport(store, 'spam', 'v1', { out: file })).rejects.toThrow(
      `--out ${JSON.stringify(file)}: a file is in the way; give a folder to write report.html into`,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('names a folder that stands where report.html goes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'report-'));
    mkdirSync(join(out, 'report.html'));

    await expect(saveReport(store, 'spam', 'v1', { out })).rejects.toThrow(
      `${join(out, 'report.html')} is a folder; give --out a folder without it`,
    );
  });

  it('refuses an empty --out, naming it', async () => {
    await expect(saveReport(store, 'spam', 'v1', { out: '' })).rejects.toThrow(
      '--out "": give a folder to write report.html into',
    );
  });
});
