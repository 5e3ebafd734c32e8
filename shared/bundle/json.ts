/**
 * JSON parsing with errors a person can act on. The happy path is
 * `JSON.parse`; only when it fails is the text re-read with jsonc-parser to
 * find the position, and the field when the culprit is one of the bare
 * `NaN` / `Infinity` / `-Infinity` tokens that Python's json module writes.
 */
import { getLocation, parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { bundleError } from './errors.ts';
import type { BundleError } from './errors.ts';
import { formatFieldPath } from './field-path.ts';

const NON_FINITE_TOKEN = /^-?(?:NaN|Infinity)(?![A-Za-z0-9_])/;
const SNIPPET_CHARS = 24;

const PROBLEMS: Record<string, string> = {
  InvalidSymbol: 'unexpected token',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a double-quoted property name',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after a property name",
  CommaExpected: "expected ',' or a closing bracket",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'expected the end of the JSON value (one value only)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape sequence',
  InvalidCharacter: 'control character inside a string (escape it)',
};

/**
 * Parses one JSON value. `lineNumber` is given for one line of a JSONL file;
 * without it the text is a whole document and the line is worked out.
 */
export function parseJson(text: string, file: string, lineNumber?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw diagnose(text, file, lineNumber, cause);
  }
}

function diagnose(
  text: string,
  file: string,
  lineNumber: number | undefined,
  cause: unknown,
): BundleError {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first === undefined) {
    const line = lineNumber ?? 1;
    return bundleError(
      { file, line },
      `invalid JSON: ${String(cause)}`,
      undefined,
      cause,
    );
  }

  const token = NON_FINITE_TOKEN.exec(text.slice(first.offset))?.[0];
  if (token !== undefined) return nonFiniteError(text, file, lineNumber, first, token);

  const { line, column } = positionOf(text, first.offset, lineNumber);
  const snippet = text.slice(first.offset, first.offset + SNIPPET_CHARS);
  const problem = PROBLEMS[printParseErrorCode(first.error)] ?? 'invalid JSON';
  const found = snippet === '' ? 'the end of the text' : JSON.stringify(snippet);
  const message = `invalid JSON at column ${column}: ${problem}, found ${found}`;

  return bundleError({ file, line }, message, snippet || undefined, cause);
}

function nonFiniteError(
  text: string,
  file: string,
  lineNumber: number | undefined,
  error: ParseError,
  token: string,
): BundleError {
  const field = formatFieldPath(getLocation(text, error.offset).path);
  const { line } = positionOf(text, error.offset, lineNumber);
  const problem =
    `${token} is not a JSON number (Python's json writes it for non-finite floats); ` +
    'write a finite number there, and dump with allow_nan=False so that ' +
    'Python stops at the bad value';

  return bundleError({ file, line, field: field || undefined }, problem, token);
}

function positionOf(
  text: string,
  offset: number,
  lineNumber: number | undefined,
): { line: number; column: number } {
  if (lineNumber !== undefined) return { line: lineNumber, column: offset + 1 };

  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');

  return { line, column };
}
