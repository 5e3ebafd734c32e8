import { describe, expect, it } from 'vitest';
import {
  predicateHolds,
  ruleMembers,
} from '../../../shared/tracking/rule-membership.ts';

describe('Function: predicateHolds', () => {
  it('compares numbers and numeric strings with <= and >', () => {
    expect(predicateHolds({ n: '2019' }, { field: 'n', op: '>', value: 2000 })).toBe(
      true,
    );
    expect(predicateHolds({ n: 5 }, { field: 'n', op: '<=', value: 5 })).toBe(true);
    expect(predicateHolds({ n: 'many' }, { field: 'n', op: '>', value: 0 })).toBe(
      false,
    );
    expect(predicateHolds({}, { field: 'n', op: '<=', value: 10 })).toBe(false);
  });

  it('reads = null as missing: absent, null or blank', () => {
    const missing = { field: 'list', op: '=' as const, value: null };

    expect(predicateHolds({}, missing)).toBe(true);
    expect(predicateHolds({ list: null }, missing)).toBe(true);
    expect(predicateHolds({ list: '  ' }, missing)).toBe(true);
    expect(predicateHolds({ list: 'x' }, missing)).toBe(false);
  });

  it('matches booleans only with booleans and categories as text', () => {
    expect(
      predicateHolds({ html: true }, { field: 'html', op: '=', value: true }),
    ).toBe(true);
    expect(
      predicateHolds({ html: 'true' }, { field: 'html', op: '=', value: true }),
    ).toBe(false);
    expect(predicateHolds({ code: 7 }, { field: 'code', op: '=', value: '7' })).toBe(
      true,
    );
  });
});

describe('Function: ruleMembers', () => {
  const samples = [
    { id: 'a', loss: 1, correct: true, metadata: { html: true, size: 10 } },
    { id: 'b', loss: 1, correct: true, metadata: { html: true, size: 99 } },
    { id: 'c', loss: 1, correct: true, metadata: { html: false, size: 10 } },
  ];

  it('returns the samples that satisfy every predicate', () => {
    const out = ruleMembers(
      [
        { field: 'html', op: '=', value: true },
        { field: 'size', op: '<=', value: 50 },
      ],
      samples,
    );

    expect(out).toEqual({ memberIds: ['a'], absentFields: [] });
  });

  it('names the fields no sample carries', () => {
    const out = ruleMembers([{ field: 'listId', op: '=', value: null }], samples);

    expect(out.absentFields).toEqual(['listId']);
  });
});
