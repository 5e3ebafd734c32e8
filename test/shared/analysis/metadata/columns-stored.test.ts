import { describe, expect, it } from 'vitest';

import { SampleInputError } from '../../../../shared/analysis/errors.ts';
import {
  buildMetadataTable,
  metadataTable,
} from '../../../../shared/analysis/metadata/columns.ts';
import { seededRandom } from '../../../../shared/analysis/random.ts';
import { MetadataColumnsBuilder } from '../../../../shared/columnar/metadata-columns.ts';
import { emailSamples } from './synthetic.ts';

const samples = emailSamples(300, 9);

function storedColumns() {
  const builder = new MetadataColumnsBuilder();
  samples.forEach((s) => builder.append(s.metadata));

  return builder.finish();
}

describe('Function: metadataTable', () => {
  it('builds from stored columns the same table as from the samples', () => {
    const ids = samples.map((s) => s.id);

    expect(metadataTable(storedColumns(), ids)).toEqual(buildMetadataTable(samples));
  });

  it('takes the rows asked for, in that order, as the samples taken would give', () => {
    const random = seededRandom(4);
    const rows = Int32Array.from(
      samples.map((_, i) => i).filter(() => random() < 0.6),
    ).reverse();
    const taken = Array.from(rows, (row) => samples[row]!);

    const table = metadataTable(
      storedColumns(),
      taken.map((s) => s.id),
      rows,
    );

    expect(table).toEqual(buildMetadataTable(taken));
  });

  it('decides kinds over the rows taken: numeric where the others hold text', () => {
    const builder = new MetadataColumnsBuilder();
    builder.append({ year: '2019' });
    builder.append({ year: 'n/a' });
    builder.append({ year: 2020 });

    const table = metadataTable(builder.finish(), ['a', 'c'], Int32Array.from([0, 2]));

    expect(table.columns[0]).toMatchObject({ kind: 'numeric', fromStrings: true });
  });

  it('leaves out a field absent from every row taken', () => {
    const builder = new MetadataColumnsBuilder();
    builder.append({ a: 1 });
    builder.append({ b: 2 });

    const table = metadataTable(builder.finish(), ['second'], Int32Array.from([1]));

    expect(table.columns.map((c) => c.field)).toEqual(['b']);
  });

  it('names the sample of a non-finite number', () => {
    const builder = new MetadataColumnsBuilder();
    builder.append({ size: 1 });
    builder.append({ size: Infinity });

    const act = () => metadataTable(builder.finish(), ['ok', 'bad']);

    expect(act).toThrow(SampleInputError);
    expect(act).toThrow('sample bad: field metadata.size must be');
  });

  it('refuses as many ids as rows taken only', () => {
    expect(() => metadataTable(storedColumns(), ['one'])).toThrow(RangeError);
  });
});
