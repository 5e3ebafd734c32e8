import { describe, expect, it } from 'vitest';
import { ColumnarError } from '../../../shared/columnar/errors.ts';
import {
  ABSENT,
  MetadataColumnsBuilder,
  NULL,
  NUMBER,
  valueAt,
} from '../../../shared/columnar/metadata-columns.ts';

describe('Class: MetadataColumnsBuilder', () => {
  it('keeps one column per field with codes, numbers and a dictionary', () => {
    const builder = new MetadataColumnsBuilder();
    builder.append({ domain: 'a.com', year: 2019, html: true });
    builder.append({ domain: 'b.org', year: null });
    builder.append({ domain: 'a.com', html: 'true' });

    const { rows, columns } = builder.finish();

    expect(rows).toBe(3);
    expect(columns.map((c) => c.field)).toEqual(['domain', 'year', 'html']);
    const [domain, year, html] = columns;
    expect(domain?.dictionary).toEqual(['a.com', 'b.org']);
    expect(Array.from(domain?.codes ?? [])).toEqual([0, 1, 0]);
    expect(Array.from(year?.codes ?? [])).toEqual([NUMBER, NULL, ABSENT]);
    expect(year?.numbers?.[0]).toBe(2019);
    expect(html?.dictionary).toEqual([true, 'true']);
    expect(Array.from(html?.codes ?? [])).toEqual([0, ABSENT, 1]);
  });

  it('gives back every value as it was given, absent fields as undefined', () => {
    const given = [{ a: 1.5, b: 'x' }, { b: null }, { a: '2', c: false }];
    const builder = new MetadataColumnsBuilder(1);
    given.forEach((metadata) => builder.append(metadata));

    const { columns } = builder.finish();

    const read = given.map((_, row) =>
      Object.fromEntries(columns.map((c) => [c.field, valueAt(c, row)])),
    );
    expect(read).toEqual([
      { a: 1.5, b: 'x', c: undefined },
      { a: undefined, b: null, c: undefined },
      { a: '2', b: undefined, c: false },
    ]);
  });

  it('marks a field first seen late as absent in the rows before it, across growth', () => {
    const builder = new MetadataColumnsBuilder(2);
    for (let i = 0; i < 3000; i++) builder.append(i === 2500 ? { late: i } : {});

    const late = builder.finish().columns[0];

    expect(late?.codes).toHaveLength(3000);
    expect(late?.codes[0]).toBe(ABSENT);
    expect(late?.codes[2500]).toBe(NUMBER);
    expect(late?.numbers?.[2500]).toBe(2500);
    expect(late?.codes[2999]).toBe(ABSENT);
  });

  it('keeps no number array for a field that never held a number', () => {
    const builder = new MetadataColumnsBuilder();
    builder.append({ domain: 'a.com' });

    expect(builder.finish().columns[0]?.numbers).toBeNull();
  });

  it('refuses a nested value, naming the row, field and value', () => {
    const builder = new MetadataColumnsBuilder();
    builder.append({ a: 1 });

    const act = () => builder.append({ a: { nested: true } });

    expect(act).toThrow(ColumnarError);
    expect(act).toThrow('row 1, field "a": expected a number, string, boolean or null');
  });
});
