import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/errors.ts';
import { describeBounds, parseNumberOption } from '../../cli/number-option.ts';

describe('Function: parseNumberOption', () => {
  it.each([
    ['3', 3],
    ['-0.5', -0.5],
    ['+2', 2],
    ['.25', 0.25],
    ['2e-3', 0.002],
    ['1E3', 1000],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumberOption('--x', text)).toBe(value);
  });

  it.each([
    '',
    ' ',
    'abc',
    '1e',
    '1.2.3',
    '0x10',
    '0b1',
    'NaN',
    'Infinity',
    '1e400',
    ' 1',
    '1 ',
  ])('refuses %j, naming the option and the text given', (text) => {
    expect(() => parseNumberOption('--x', text)).toThrow(CliError);
    expect(() => parseNumberOption('--x', text)).toThrow(
      `--x must be a number, got ${JSON.stringify(text)}`,
    );
  });

  it('refuses a value outside its bounds', () => {
    expect(() =>
      parseNumberOption('--k', '2.5', { integer: true, atLeast: 1 }),
    ).toThrow('--k must be a whole number >= 1, got "2.5"');
    expect(() => parseNumberOption('--t', '0', { above: 0 })).toThrow(
      '--t must be a number > 0, got "0"',
    );
    expect(parseNumberOption('--r', '1', { atLeast: 0, atMost: 1 })).toBe(1);
  });
});

describe('Function: describeBounds', () => {
  it('says each bound in words', () => {
    expect(describeBounds({})).toBe('a number');
    expect(describeBounds({ atLeast: 0, atMost: 1 })).toBe('a number between 0 and 1');
    expect(describeBounds({ integer: true, above: 0, atMost: 10 })).toBe(
      'a whole number > 0 and <= 10',
    );
  });
});
