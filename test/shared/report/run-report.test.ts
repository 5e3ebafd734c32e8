import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3Keys } from '../../../shared/aws/keys.ts';
import { loadReportInput } from '../../../shared/report/run-report.ts';
import { jsonLines, serveObjects } from '../../functions/run-tests/s3-objects.ts';
import { FIXTURE_RUN, fixtureText } from './fixture-run.ts';
import { HISTORY, storedObjects, UPLOADED_AT_EPOCH_MS } from './stored-fixture.ts';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);
const stores = {
  s3: new S3Client({ region: 'us-east-1' }),
  ddb: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  table: 'runs',
};
const RUN = { ...FIXTURE_RUN, bucket: 'bkt', uploadedAtEpochMs: UPLOADED_AT_EPOCH_MS };

/** Every sample is in shard 0; shards 1 and 2 hold samples no card shows. */
function objectsWithLaterShards() {
  const objects = storedObjects();
  for (const index of [1, 2]) {
    const lines = [{ id: `later/${index}`, input: 'not shown' }];
    objects.set(s3Keys.shard(RUN.runId, index), jsonLines(lines));
  }

  return objects;
}

function requestedKeys(): string[] {
  return s3Mock
    .commandCalls(GetObjectCommand)
    .map((call) => call.args[0].input.Key ?? '');
}

beforeEach(() => {
  s3Mock.reset();
  ddbMock.reset();
  ddbMock.on(QueryCommand).resolves({ Items: HISTORY });
});

describe('Function: loadReportInput', () => {
  it('gives the shown samples their inputs and no other sample one', async () => {
    serveObjects(s3Mock, objectsWithLaterShards());

    const input = await loadReportInput(stores, RUN);
    const withInput = input.samples.filter((s) => s.input !== undefined);
    const shown = new Set(
      input.aggressors.flatMap((a) => [
        ...a.representatives.typical,
        ...a.representatives.worst,
      ]),
    );

    expect(shown.size).toBeGreaterThan(0);
    expect(withInput.map((s) => s.id).sort()).toEqual([...shown].sort());
    for (const sample of withInput) expect(sample.input).toBe(fixtureText(sample.id));
  });

  it('embeds the image of a shown sample stored under the project in the bucket as a thumbnail', async () => {
    const objects = storedObjects();
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7]);
    const imageKey = (id: string) =>
      `evaluations/${RUN.project}/v/images/${encodeURIComponent(id)}.png`;
    const shard = s3Keys.shard(RUN.runId, 0);
    const ids = String(objects.get(shard))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    objects.set(
      shard,
      jsonLines(ids.map((id) => ({ id, input: `s3://${RUN.bucket}/${imageKey(id)}` }))),
    );
    for (const id of ids) objects.set(imageKey(id), png);
    serveObjects(s3Mock, objects);

    const input = await loadReportInput(stores, RUN);
    const shownSample = input.samples.find((s) => s.input !== undefined)!;

    expect(shownSample.input).toEqual({
      image: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
      uri: `s3://${RUN.bucket}/${imageKey(shownSample.id)}`,
    });
  });

  it('stops reading input shards once every shown sample is found', async () => {
    serveObjects(s3Mock, objectsWithLaterShards());

    await loadReportInput(stores, RUN);
    const shards = requestedKeys().filter((key) => key.includes('/shards/'));

    expect(shards).toEqual([s3Keys.shard(RUN.runId, 0)]);
  });
});
