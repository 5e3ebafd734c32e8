import { describe, expect, it } from 'vitest';

import {
  predicateText,
  ruleText,
} from '../../../../shared/analysis/rules/predicate-text.ts';

describe('Function: predicateText', () => {
  it('names a boolean field, or negates it, in its own words', () => {
    expect(predicateText({ field: 'html', op: '=', value: true })).toBe('html');
    expect(predicateText({ field: 'html', op: '=', value: false })).toBe('not html');
  });

  it('writes comparisons, categories and the missing bucket', () => {
    expect(predicateText({ field: 'lengthChars', op: '>', value: 5000 })).toBe(
      'lengthChars > 5000',
    );
    expect(
      predicateText({ field: 'senderDomain', op: '=', value: 'example.com' }),
    ).toBe('senderDomain = example.com');
    expect(predicateText({ field: 'listId', op: '=', value: null })).toBe(
      'listId missing',
    );
  });
});

describe('Function: ruleText', () => {
  it('joins the predicates with "and"', () => {
    const text = ruleText([
      { field: 'html', op: '=', value: true },
      { field: 'mailingList', op: '=', value: false },
      { field: 'year', op: '<=', value: 2017 },
    ]);

    expect(text).toBe('html and not mailingList and year <= 2017');
  });
});
