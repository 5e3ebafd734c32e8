import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { BundleError } from '../../../shared/bundle/errors.ts';
import { parseJsonLine } from '../../../shared/bundle/json-line.ts';

const FILE = 's3://bkt/work/r1/lines.jsonl';
const failed = z.object({ id: z.string(), error: z.string() });
const scored = z.object({ id: z.string(), loss: z.number(), correct: z.boolean() });
const line = z.union([failed, scored]);

function errorOf(schema: z.ZodType, text: string): BundleError {
  try {
    parseJsonLine(schema, text, FILE, 4);
  } catch (error) {
    return error as BundleError;
  }
  throw new Error('the line was read');
}

describe('Function: parseJsonLine', () => {
  it('returns the parsed line when it fits', () => {
    expect(parseJsonLine(line, '{"id":"a","error":"timeout"}', FILE, 1)).toEqual({
      id: 'a',
      error: 'timeout',
    });
  });

  it('follows the union alternative that shares most fields with the line', () => {
    const error = errorOf(line, '{"id":"a","loss":0.5,"correct":"yes"}');

    expect(error).toBeInstanceOf(BundleError);
    expect(error.message).toBe(
      `${FILE} line 4, field "correct": expected boolean, got "yes"`,
    );
    expect(error).toMatchObject({
      file: FILE,
      line: 4,
      field: 'correct',
      value: 'yes',
    });
  });

  it('keeps a message the schema gives and names an unknown field', () => {
    const strict = z.strictObject({
      loss: z.number({ error: 'expected the loss as a number' }),
    });

    expect(errorOf(strict, '{"loss":"x"}').message).toBe(
      `${FILE} line 4, field "loss": expected the loss as a number, got "x"`,
    );
    expect(errorOf(strict, '{"loss":1,"lost":2}').message).toBe(
      `${FILE} line 4, field "lost": unknown field, got 2`,
    );
  });
});
