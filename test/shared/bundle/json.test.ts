import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../shared/bundle/json.ts';
import { catchBundleError } from './helpers.ts';

describe('Function: parseJson', () => {
  it('returns the parsed value of valid JSON', () => {
    expect(parseJson('{"a": [1, "NaN"]}', 'x.json')).toEqual({ a: [1, 'NaN'] });
  });

  it('finds the line of a bare NaN in a multi-line document', async () => {
    const text = '{\n  "a": 1,\n  "b": {\n    "c": [0, NaN]\n  }\n}';

    await catchBundleError(() => parseJson(text, 'x.json'), {
      file: 'x.json',
      line: 4,
      field: 'b.c[1]',
      value: 'NaN',
    });
  });

  it('does not mistake a word that starts with NaN for the token', async () => {
    const error = await catchBundleError(() => parseJson('{"a": NaNa}', 'x.jsonl', 2), {
      file: 'x.jsonl',
      line: 2,
      value: 'NaNa}',
    });

    expect(error.message).toContain('unexpected token');
  });

  it('rejects comments', async () => {
    const error = await catchBundleError(
      () => parseJson('{"a": 1} // note', 'x.jsonl', 1),
      {
        file: 'x.jsonl',
        line: 1,
        value: '// note',
      },
    );

    expect(error.message).toContain('comments are not allowed in JSON');
  });

  it('rejects an empty text as ending where a value was expected', async () => {
    const error = await catchBundleError(() => parseJson('', 'x.json'), {
      file: 'x.json',
      line: 1,
    });

    expect(error.message).toBe(
      'x.json line 1: invalid JSON at column 1: expected a value, found the end of the text',
    );
  });
});
