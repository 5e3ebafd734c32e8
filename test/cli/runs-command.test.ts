import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { startLocalStorage } from '../../infra/local/storage.ts';
import { createRun, type RunRecord } from '../../shared/aws/runs.ts';
import { runCli, withLocalHome } from './tests-cli-capture.ts';

describe('Command: aggressors runs', () => {
  it('prints the runs as a JSON array with --json, and [] for a project without runs', async () => {
    await withLocalHome(async (home) => {
      const storage = await startLocalStorage({ stateDir: home });
      try {
        await createRun(storage.ddb, storage.table, {
          project: 'pets',
          modelVersion: 'v1',
          runId: 'pets-v1-abc',
          status: 'succeeded',
          uploadedAtEpochMs: 5,
          manifestKey: 'evaluations/pets/v1/manifest.json',
        });
      } finally {
        await storage.close();
      }

      const pets = await runCli(['runs', 'pets', '--json']);
      const none = await runCli(['runs', 'nope', '--json']);

      expect(JSON.parse(pets.stdout)).toEqual([
        expect.objectContaining({
          project: 'pets',
          modelVersion: 'v1',
          runId: 'pets-v1-abc',
          status: 'succeeded',
        }),
      ]);
      expect(JSON.parse(none.stdout)).toEqual([]);
      expect(none.exitCode).toBeUndefined();
    });
  });
});

describe('Command: aggressors runs <project> <modelVersion>', () => {
  // Mocked only here: the test above reads the local stack's real storage.
  let ddbMock: AwsClientStub<DynamoDBDocumentClient>;
  const DEPLOYED = ['--bucket', 'b', '--table', 't'];
  const run = (overrides: Partial<RunRecord>): RunRecord => ({
    project: 'spam',
    modelVersion: 'v1',
    runId: 'spam-v1-good',
    status: 'succeeded',
    uploadedAtEpochMs: 1_000,
    startedAtEpochMs: 1_000,
    finishedAtEpochMs: 3_500,
    manifestKey: 'evaluations/spam/v1/manifest.json',
    aggressorCount: 2,
    ...overrides,
  });
  const good = run({});
  const bad = run({
    runId: 'spam-v1-bad',
    status: 'failed',
    uploadedAtEpochMs: 60_000,
    startedAtEpochMs: 60_000,
    finishedAtEpochMs: 60_400,
    aggressorCount: undefined,
    error: { message: 'Endpoint spam-v1 not found' },
  });
  const v2 = run({ modelVersion: 'v2', runId: 'spam-v2-x', uploadedAtEpochMs: 90_000 });
  const regionBefore = process.env.AWS_REGION;

  beforeAll(() => {
    ddbMock = mockClient(DynamoDBDocumentClient);
  });

  afterAll(() => {
    ddbMock.restore();
  });

  beforeEach(() => {
    // The CLI needs a region for a deployed stack, as a user's shell has.
    process.env.AWS_REGION = 'us-east-1';
    ddbMock.reset();
    ddbMock.on(QueryCommand).resolves({ Items: [v2, bad, good] });
  });

  afterEach(() => {
    if (regionBefore === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = regionBefore;
  });

  it("lists only the version's runs, oldest first, with what failed and how to open each", async () => {
    const out = await runCli(['runs', 'spam', 'v1', ...DEPLOYED]);

    expect(out.exitCode).toBeUndefined();
    expect(out.stdout.split('\n')).toEqual([
      'version  run           status     uploaded                  took    aggressors  error',
      'v1       spam-v1-good  succeeded  1970-01-01T00:00:01.000Z  2.5 s   2',
      'v1       spam-v1-bad   failed     1970-01-01T00:01:00.000Z  400 ms  -           ' +
        'Endpoint spam-v1 not found',
      '',
      'aggressors show spam v1 opens the latest (spam-v1-bad); ' +
        'aggressors show spam v1 --run <run> opens another',
      '',
    ]);
    expect(ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 't',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: { ':pk': 'PROJECT#spam', ':skPrefix': 'RUN#' },
        ExclusiveStartKey: undefined,
      },
    ]);
  });

  it("prints the version's run records as a JSON array with --json", async () => {
    const out = await runCli(['runs', 'spam', 'v1', '--json', ...DEPLOYED]);

    expect(JSON.parse(out.stdout)).toEqual([good, bad]);
  });

  it('says a version has no runs, and prints [] with --json, exiting 0', async () => {
    const text = await runCli(['runs', 'spam', 'v9', ...DEPLOYED]);
    const json = await runCli(['runs', 'spam', 'v9', '--json', ...DEPLOYED]);

    expect(text.stdout).toBe(
      'no runs of project "spam" model version "v9" in table t and bucket b\n',
    );
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect([text.exitCode, json.exitCode]).toEqual([undefined, undefined]);
  });

  it('lists every version without a version, with no hint to open one', async () => {
    const out = await runCli(['runs', 'spam', ...DEPLOYED]);

    expect(out.stdout.split('\n').map((line) => line.split(' ')[0])).toEqual([
      'version',
      'v1',
      'v1',
      'v2',
      '',
    ]);
  });
});
