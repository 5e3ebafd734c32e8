import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/errors.ts';
import { selectRun, selectionNotes } from '../../cli/run-selection.ts';
import type { RunRecord } from '../../shared/aws/runs.ts';
import { mockedStore } from './mocked-store.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const store = mockedStore();

function run(overrides: Partial<RunRecord>): RunRecord {
  return {
    project: 'spam',
    modelVersion: 'v1',
    runId: 'spam-v1-x',
    status: 'succeeded',
    uploadedAtEpochMs: 0,
    manifestKey: 'evaluations/spam/v1/manifest.json',
    ...overrides,
  };
}

const GOOD = run({ runId: 'spam-v1-good', uploadedAtEpochMs: 1_000 });
const BAD = run({
  runId: 'spam-v1-bad',
  status: 'failed',
  uploadedAtEpochMs: 2_000,
  error: { message: 'samples.jsonl line 3, field "id": duplicate id "a"' },
});
const V2 = run({ modelVersion: 'v2', runId: 'spam-v2-x', uploadedAtEpochMs: 3_000 });

beforeEach(() => {
  ddbMock.reset();
  // Stored out of upload order, with their keys, as the table returns them.
  ddbMock.on(QueryCommand).resolves({
    Items: [V2, BAD, GOOD].map((r) => ({
      pk: 'PROJECT#spam',
      sk: `RUN#${r.runId}`,
      ...r,
    })),
  });
});

describe('Function: selectRun', () => {
  it("returns the version's latest upload and its runs, oldest first, from one query", async () => {
    const selection = await selectRun(store, 'spam', 'v1');

    expect(selection).toEqual({ run: BAD, runsOfVersion: [GOOD, BAD] });
    expect(ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 't',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: { ':pk': 'PROJECT#spam', ':skPrefix': 'RUN#' },
        ExclusiveStartKey: undefined,
      },
    ]);
  });

  it('returns the run named by its id, even when a later run of the version exists', async () => {
    const selection = await selectRun(store, 'spam', 'v1', 'spam-v1-good');

    expect(selection.run).toEqual(GOOD);
  });

  it("names an unknown run id and lists the version's run ids with their status", async () => {
    const selecting = selectRun(store, 'spam', 'v1', 'spam-v1-nope');

    await expect(selecting).rejects.toThrow(CliError);
    await expect(selecting).rejects.toThrow(
      'no run "spam-v1-nope" of project "spam" model version "v1" in the test store; ' +
        'its runs, oldest first: spam-v1-good (succeeded), spam-v1-bad (failed) ' +
        '(aggressors runs spam v1 lists them)',
    );
  });

  it("says which version a run id belongs to when it is another version's", async () => {
    await expect(selectRun(store, 'spam', 'v1', 'spam-v2-x')).rejects.toThrow(
      'no run "spam-v2-x" of project "spam" model version "v1" in the test store ' +
        '(run "spam-v2-x" is of model version "v2"); its runs, oldest first: ',
    );
  });

  it('lists the latest ten run ids and counts the earlier ones', async () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      run({ runId: `r${i}`, uploadedAtEpochMs: i }),
    );
    ddbMock.on(QueryCommand).resolves({ Items: many });

    await expect(selectRun(store, 'spam', 'v1', 'zz')).rejects.toThrow(
      'its runs, oldest first: r2 (succeeded), r3 (succeeded), r4 (succeeded), ' +
        'r5 (succeeded), r6 (succeeded), r7 (succeeded), r8 (succeeded), ' +
        'r9 (succeeded), r10 (succeeded), r11 (succeeded) and 2 earlier ',
    );
  });

  it('names the versions that have runs when the version has none', async () => {
    await expect(selectRun(store, 'spam', 'v9')).rejects.toThrow(
      'no run of project "spam" model version "v9" in the test store ' +
        '(runs exist for: v1, v2)',
    );
  });
});

describe('Function: selectionNotes', () => {
  it('says the latest run failed and gives the command that opens the last success', () => {
    const notes = selectionNotes({ run: BAD, runsOfVersion: [GOOD, BAD] });

    expect(notes).toEqual([
      'the latest run of v1 failed; the last one that succeeded is spam-v1-good ' +
        '(uploaded 1970-01-01T00:00:01.000Z): aggressors show spam v1 --run spam-v1-good',
    ]);
  });

  it('quotes a project name the shell would split in the command it gives', () => {
    const good = { ...GOOD, project: "bob's spam" };
    const bad = { ...BAD, project: "bob's spam" };

    const [note] = selectionNotes({ run: bad, runsOfVersion: [good, bad] });

    expect(note).toMatch(/: aggressors show 'bob'\\''s spam' v1 --run spam-v1-good$/);
  });

  it('says so when the latest is still running and an earlier run succeeded', () => {
    const running = { ...BAD, status: 'running' as const, error: undefined };

    const notes = selectionNotes({ run: running, runsOfVersion: [GOOD, running] });

    expect(notes[0]).toMatch(/^the latest run of v1 is still running; the last one/);
  });

  it('says none succeeded when every run of the version failed', () => {
    const first = { ...BAD, runId: 'spam-v1-first', uploadedAtEpochMs: 500 };

    const notes = selectionNotes({ run: BAD, runsOfVersion: [first, BAD] });

    expect(notes).toEqual([
      'the latest run of v1 failed; none of the 2 runs of v1 succeeded ' +
        '(aggressors runs spam v1 lists them)',
    ]);
  });

  it('says nothing when the latest run succeeded, or failed as the only run', () => {
    expect(selectionNotes({ run: GOOD, runsOfVersion: [BAD, GOOD] })).toEqual([]);
    expect(selectionNotes({ run: BAD, runsOfVersion: [BAD] })).toEqual([]);
  });

  it('says an earlier run is not the latest and names the latest', () => {
    const notes = selectionNotes({ run: GOOD, runsOfVersion: [GOOD, BAD] });

    expect(notes).toEqual([
      'not the latest run of v1: that is spam-v1-bad (failed, uploaded ' +
        '1970-01-01T00:00:02.000Z), which aggressors show spam v1 opens',
    ]);
  });
});
