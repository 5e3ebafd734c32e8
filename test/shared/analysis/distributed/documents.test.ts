import { describe, expect, it } from 'vitest';
import { BundleError } from '../../../../shared/bundle/errors.ts';
import {
  parseCentroidsDocument,
  parsePartialDocument,
  partialDocument,
} from '../../../../shared/analysis/distributed/documents.ts';
import { shardPartial } from '../../../../shared/analysis/distributed/shard-partial.ts';

describe('Documents: partial sums and centroids', () => {
  it('reads back a partial exactly as written, doubles included', () => {
    const points = Float32Array.from([0.1, 0.2, 0.3, 1 / 3, 5, 6]);
    const partial = shardPartial(points, 2, Float64Array.from([0, 0, 5, 5]), {
      partition: 3,
      firstRow: 9,
    });

    const text = JSON.stringify(partialDocument(partial));
    const back = parsePartialDocument(text, 's3://b/p.json');

    expect(back).toEqual(partial);
    expect(back.sums).toBeInstanceOf(Float64Array);
  });

  it('names the file, line, field and value of centroids that do not hold k x dimensions values', () => {
    const text =
      '{\n"iteration": 1,\n"k": 2,\n"dimensions": 2,\n"centroids": [1, 2, 3]\n}';

    let caught: unknown;
    try {
      parseCentroidsDocument(text, 's3://b/c.json');
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(BundleError);
    expect((caught as BundleError).toRecord()).toMatchObject({
      file: 's3://b/c.json',
      line: 5,
      field: 'centroids',
      value: '[1,2,3]',
    });
  });
});
