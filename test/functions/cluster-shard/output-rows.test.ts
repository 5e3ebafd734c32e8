import { beforeEach, describe, expect, it } from 'vitest';
import { readOutputRows } from '../../../functions/cluster-shard/output-rows.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';
import { BUCKET, jsonLines, s3Store } from './s3-store.ts';

const store = s3Store();
const KEY = 'work/r/outputs/00000.jsonl';

beforeEach(() => store.reset());

describe('Function: readOutputRows', () => {
  it('keeps the rows Analyze clusters, in file order, and takes the width of the first', async () => {
    store.objects.set(
      KEY,
      jsonLines([
        { id: 'a', embedding: [1, 2] },
        { id: 'failed', error: 'timeout' },
        { id: 'inf', embedding: [1e39, 0] },
        { id: 'b', embedding: [3, 4] },
      ]) + '\n',
    );
    const { deps } = testDeps();

    const rows = await readOutputRows(deps.s3, BUCKET, KEY, 0);

    expect(rows.ids).toEqual(['a', 'b']);
    expect([...rows.points]).toEqual([1, 2, 3, 4]);
    expect(rows.dimensions).toBe(2);
  });

  it('names the file, line, field and value of an embedding holding a string', async () => {
    store.objects.set(KEY, jsonLines([{ id: 'a', embedding: [1, 'x'] }]));
    const { deps } = testDeps();

    await expect(readOutputRows(deps.s3, BUCKET, KEY, 2)).rejects.toThrow(
      `s3://${BUCKET}/${KEY} line 1, field "embedding": expected numbers ` +
        '(null for non-finite), got [1,"x"]',
    );
  });

  it('names a line without a sample id', async () => {
    store.objects.set(KEY, jsonLines([{ embedding: [1] }]));
    const { deps } = testDeps();

    await expect(readOutputRows(deps.s3, BUCKET, KEY, 1)).rejects.toThrow(
      `s3://${BUCKET}/${KEY} line 1, field "id": expected a sample id, got nothing`,
    );
  });
});
