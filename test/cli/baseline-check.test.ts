import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkBaseline } from '../../cli/baseline-check.ts';
import { CliError } from '../../cli/errors.ts';
import { mockedStore } from './mocked-store.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const store = mockedStore();
const run = (modelVersion: string, status: string) => ({
  pk: 'PROJECT#pets',
  sk: `RUN#pets-${modelVersion}-${status}`,
  project: 'pets',
  modelVersion,
  runId: `pets-${modelVersion}-${status}`,
  status,
  uploadedAtEpochMs: 1,
  manifestKey: `evaluations/pets/${modelVersion}/manifest.json`,
});
const manifest = { project: 'pets', modelVersion: 'v2', baseline: 'v1' };
const FILE = 'bundles/pets-v2/manifest.json';

beforeEach(() => ddbMock.reset());

describe('Function: checkBaseline', () => {
  it('reads nothing when the manifest names no baseline', async () => {
    await checkBaseline(store, { project: 'pets', modelVersion: 'v2' }, FILE, () => {});

    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('stops, naming the field and value, when the baseline version never ran', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [run('v0', 'succeeded')] });

    const checking = checkBaseline(store, manifest, FILE, () => {});

    await expect(checking).rejects.toThrow(CliError);
    await expect(checkBaseline(store, manifest, FILE, () => {})).rejects.toThrow(
      `${FILE}, field "baseline": model version "v1" has no runs in project ` +
        '"pets" (the test store); run it first, or correct the name',
    );
  });

  it('only warns while the baseline has no succeeded run, and is silent once it has', async () => {
    const warnings: string[] = [];
    ddbMock.on(QueryCommand).resolves({ Items: [run('v1', 'running')] });
    await checkBaseline(store, manifest, FILE, (m) => warnings.push(m));

    ddbMock
      .on(QueryCommand)
      .resolves({ Items: [run('v1', 'running'), run('v1', 'succeeded')] });
    await checkBaseline(store, manifest, FILE, (m) => warnings.push(m));

    expect(warnings).toEqual([
      'baseline v1 has no succeeded run yet (its runs: 1 running; a succeeded one must be ' +
        'uploaded before this one); this run fails if none has succeeded when its tests ' +
        'are evaluated',
    ]);
  });
});
