import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/aws/runs.ts';
import { runResults } from '../../functions/analyze/results.ts';
import { s3Body } from '../shared/aws/s3-body.ts';
import { fixtureAnalysis } from '../shared/report/fixture-run.ts';
import { runCli } from './tests-cli-capture.ts';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);
const DEPLOYED = ['--bucket', 'b', '--table', 't'];
const SHOW_GOOD = ['show', 'spam', 'v1', '--run', 'spam-v1-good', ...DEPLOYED];

const GOOD_RESULTS = 'results/spam/v1/spam-v1-good/aggressors.json';
const GOOD: RunRecord = {
  project: 'spam',
  modelVersion: 'v1',
  runId: 'spam-v1-good',
  status: 'succeeded',
  uploadedAtEpochMs: 1_000,
  manifestKey: 'evaluations/spam/v1/manifest.json',
  counts: { samples: 40, quarantined: 0, failed: 0 },
  overall: { meanLoss: 0.25, errorRate: 0.1, accuracy: 0.9 },
  resultsKey: GOOD_RESULTS,
};
const BAD: RunRecord = {
  project: 'spam',
  modelVersion: 'v1',
  runId: 'spam-v1-bad',
  status: 'failed',
  uploadedAtEpochMs: 2_000,
  manifestKey: 'evaluations/spam/v1/manifest.json',
  error: { message: 'Endpoint spam-v1 not found' },
};

const regionBefore = process.env.AWS_REGION;

beforeEach(() => {
  // The CLI needs a region for a deployed stack, as a user's shell has.
  process.env.AWS_REGION = 'us-east-1';
  s3Mock.reset();
  ddbMock.reset();
  ddbMock.on(QueryCommand).resolves({ Items: [BAD, GOOD] });
  s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    if (Key === GOOD_RESULTS)
      return { Body: s3Body(JSON.stringify({ aggressors: [] })) };
    throw Object.assign(new Error('gone'), { name: 'NoSuchKey' });
  });
});

afterEach(() => {
  if (regionBefore === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = regionBefore;
});

describe('Command: aggressors show', () => {
  it('shows the failed latest run, not another, and gives the command for the last success', async () => {
    const out = await runCli(['show', 'spam', 'v1', ...DEPLOYED]);

    expect(out.exitCode).toBeUndefined();
    expect(out.stdout.split('\n')).toEqual([
      'spam v1  run spam-v1-bad  failed',
      'error: Endpoint spam-v1 not found',
      'note: the latest run of v1 failed; the last one that succeeded is spam-v1-good ' +
        '(uploaded 1970-01-01T00:00:01.000Z): aggressors show spam v1 --run spam-v1-good',
      '',
    ]);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('opens the run --run names, reads its results, and says it is not the latest', async () => {
    const out = await runCli(SHOW_GOOD);

    expect(out.exitCode).toBeUndefined();
    expect(out.stdout.split('\n').slice(0, 3)).toEqual([
      'spam v1  run spam-v1-good  succeeded',
      'samples 40  quarantined 0  failed 0  mean loss 0.250  error rate 10.0%',
      'note: not the latest run of v1: that is spam-v1-bad (failed, uploaded ' +
        '1970-01-01T00:00:02.000Z), which aggressors show spam v1 opens',
    ]);
    expect(s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'b', Key: GOOD_RESULTS },
      { Bucket: 'b', Key: 'results/spam/v1/spam-v1-good/tests.json' },
    ]);
  });

  it('prints the named run as JSON on stdout and the note on stderr with --json', async () => {
    const out = await runCli(['show', 'spam', 'v1', '--json', ...DEPLOYED]);

    expect(JSON.parse(out.stdout)).toMatchObject({
      runId: 'spam-v1-bad',
      status: 'failed',
    });
    expect(out.stderr).toBe(
      'note: the latest run of v1 failed; the last one that succeeded is spam-v1-good ' +
        '(uploaded 1970-01-01T00:00:01.000Z): aggressors show spam v1 --run spam-v1-good\n',
    );
  });

  it("exits 1 naming an unknown --run id and listing the version's run ids", async () => {
    const out = await runCli([
      'show',
      'spam',
      'v1',
      '--run',
      'spam-v1-typo',
      ...DEPLOYED,
    ]);

    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      'aggressors: no run "spam-v1-typo" of project "spam" model version "v1" in ' +
        'table t and bucket b; its runs, oldest first: spam-v1-good (succeeded), ' +
        'spam-v1-bad (failed) (aggressors runs spam v1 lists them)\n',
    );
  });

  it("says on which samples each aggressor's significance was tested", async () => {
    const { analysis } = fixtureAnalysis();
    const results = runResults(
      { project: 'spam', modelVersion: 'v1', runId: 'r' },
      analysis,
    );
    const top = results.aggressors[0]!;
    s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
      if (Key === GOOD_RESULTS) return { Body: s3Body(JSON.stringify(results)) };
      throw Object.assign(new Error('gone'), { name: 'NoSuchKey' });
    });

    const out = await runCli(SHOW_GOOD);

    const tested = top.tested!;
    expect(out.stdout).toMatch(
      / impact +tested n +tested ratio +q-value +error rate\n/,
    );
    expect(out.stdout).toContain(
      `\n   tested:  on its region of ${tested.size} samples ` +
        `(${tested.sharedWithMembers} of them members): ` +
        `${tested.lossRatio!.toFixed(1)}x the rest's loss\n`,
    );
  });
});
