import { describe, expect, it } from 'vitest';

import { SampleInputError } from '../../../../shared/analysis/errors.ts';
import { buildMetadataTable } from '../../../../shared/analysis/metadata/columns.ts';
import type {
  CategoricalColumn,
  MetadataColumn,
  NumericColumn,
} from '../../../../shared/analysis/metadata/types.ts';
import { emailSamples } from './synthetic.ts';

function column(columns: MetadataColumn[], field: string): MetadataColumn {
  const found = columns.find((c) => c.field === field);
  if (found === undefined) {
    throw new Error(`no column ${field}`);
  }
  return found;
}

const samples = emailSamples(200, 3);
const table = buildMetadataTable(samples);

describe('Function: buildMetadataTable', () => {
  it('returns one column per field, sorted by name, rows in sample order', () => {
    expect(table.columns.map((c) => c.field)).toEqual([
      'grade',
      'html',
      'lengthChars',
      'listId',
      'mailingList',
      'senderDomain',
      'source',
      'year',
    ]);
    expect(table.size).toBe(200);
    expect(table.sampleIds).toEqual(samples.map((s) => s.id));
  });

  it('reads numbers stored as strings as a numeric field', () => {
    const year = column(table.columns, 'year') as NumericColumn;

    expect(year.kind).toBe('numeric');
    expect(year.fromStrings).toBe(true);
    expect(Array.from(year.values)).toEqual(
      samples.map((s) => Number(s.metadata.year)),
    );
  });

  it('keeps a field categorical when one string does not read as a number', () => {
    const mixed = buildMetadataTable([
      { id: 'a', metadata: { year: '2019' } },
      { id: 'b', metadata: { year: 'n/a' } },
      { id: 'c', metadata: { year: 2020 } },
    ]);

    const year = mixed.columns[0] as CategoricalColumn;

    expect(year.kind).toBe('categorical');
    expect(year.levels).toEqual(['2019', '2020', 'n/a']);
    expect(Array.from(year.codes)).toEqual([0, 2, 1]);
  });

  it('dictionary-encodes single-character categories', () => {
    const grade = column(table.columns, 'grade') as CategoricalColumn;

    expect(grade.kind).toBe('categorical');
    expect(grade.levels).toEqual(['a', 'b', 'c']);
    expect(Array.from(grade.codes, (c) => grade.levels[c])).toEqual(
      samples.map((s) => s.metadata.grade),
    );
    expect(grade.counts.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('reads a field of booleans as boolean, true before false', () => {
    const html = column(table.columns, 'html') as CategoricalColumn;

    expect(html.kind).toBe('boolean');
    expect(html.levels).toEqual([true, false]);
    expect(html.counts[0]).toBe(samples.filter((s) => s.metadata.html === true).length);
  });

  it('puts null, absent and empty values in one missing bucket, last', () => {
    const listId = column(table.columns, 'listId') as CategoricalColumn;
    const missing = samples.filter((s) => {
      const v = s.metadata.listId;
      return v === undefined || v === null || v === '';
    });

    expect(listId.levels.at(-1)).toBeNull();
    expect(listId.missingCount).toBe(missing.length);
    expect(listId.counts.at(-1)).toBe(missing.length);
    expect(samples.some((s) => !('listId' in s.metadata))).toBe(true);
    expect(samples.some((s) => s.metadata.listId === '')).toBe(true);
    expect(samples.some((s) => s.metadata.listId === null)).toBe(true);
  });

  it('stores a missing numeric value as NaN and counts it', () => {
    const withGaps = buildMetadataTable([
      { id: 'a', metadata: { size: 3 } },
      { id: 'b', metadata: { size: null } },
      { id: 'c', metadata: { size: ' 1.5e1 ' } },
      { id: 'd', metadata: {} },
    ]);

    const size = withGaps.columns[0] as NumericColumn;

    expect(Array.from(size.values)).toEqual([3, NaN, 15, NaN]);
    expect(size.missingCount).toBe(2);
    expect(size.constant).toBe(false);
  });

  it('marks a field constant when it has one value everywhere or is always missing', () => {
    const fields = buildMetadataTable([
      { id: 'a', metadata: { same: 'x', gone: null, once: 4, half: 'y' } },
      { id: 'b', metadata: { same: 'x', gone: '', once: 4 } },
    ]);

    const constant = Object.fromEntries(
      fields.columns.map((c) => [c.field, c.constant]),
    );

    expect(constant).toEqual({ gone: true, half: false, once: true, same: true });
    expect(column(table.columns, 'source').constant).toBe(true);
  });

  it('throws naming the sample, field and value on a non-finite number', () => {
    const build = () =>
      buildMetadataTable([
        { id: 'ok', metadata: { size: 1 } },
        { id: 'bad', metadata: { size: NaN } },
      ]);

    expect(build).toThrow(SampleInputError);
    expect(build).toThrow('sample bad: field metadata.size must be');
    expect(build).toThrow(/got NaN/);
  });

  it('throws on a nested value, since metadata is flat', () => {
    const nested = { id: 'n1', metadata: { tags: ['a'] } } as never;

    expect(() => buildMetadataTable([nested])).toThrow(
      'sample n1: field metadata.tags must be a finite number, a string, a boolean or null, got ["a"]',
    );
  });
});
