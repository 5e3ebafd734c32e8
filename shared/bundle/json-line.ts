/**
 * One line of a JSON-lines file checked against its schema. A bad line is a
 * `BundleError` naming the file, the line, the field and the value found
 * there. Where the schema is a union, the error follows the alternative
 * that came closest: for a union of objects the one sharing most fields with
 * the line, else the one missing fewest fields, then with fewest problems.
 * So a scored line with a bad `loss` names `loss`, not the whole line.
 */
import { z } from 'zod';
import { bundleError, quoteValue } from './errors.ts';
import type { BundleError } from './errors.ts';
import { formatFieldPath } from './field-path.ts';
import type { FieldPath } from './field-path.ts';
import { parseJson } from './json.ts';

type Issue = z.core.$ZodIssue;

/** Zod's "Invalid input: expected number, received string" as "expected number". */
const PARSE_OPTIONS = {
  reportInput: true,
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === 'invalid_type' ? `expected ${issue.expected}` : undefined,
};

/** Parses the line's JSON, then checks it against the schema. */
export function parseJsonLine<T>(
  schema: z.ZodType<T>,
  text: string,
  file: string,
  line: number,
): T {
  const data = parseJson(text, file, line);
  const result = schema.safeParse(data, PARSE_OPTIONS);
  if (result.success) return result.data;

  throw lineIssueError(result.error.issues, file, line, sharedFields(schema, data));
}

/** For a union of objects: how many of each alternative's fields the value has. */
function sharedFields(schema: z.ZodType, data: unknown): number[] | undefined {
  if (!(schema instanceof z.ZodUnion) || typeof data !== 'object' || data === null) {
    return undefined;
  }

  return schema.options.map((option) =>
    option instanceof z.ZodObject
      ? Object.keys(option.shape).filter((key) => key in data).length
      : 0,
  );
}

/** `shared`: fields each alternative of a union at the root shares with the line. */
export function lineIssueError(
  issues: readonly Issue[],
  file: string,
  line: number,
  shared?: readonly number[],
): BundleError {
  const first = issues[0];
  if (first === undefined) return bundleError({ file, line }, 'not a valid line');

  const { path, issue } = closest(first, [], shared);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const value = (issue.input as Record<string, unknown> | undefined)?.[key];
    const field = formatFieldPath([...path, key]);
    return bundleError(
      { file, line, field },
      `unknown field, got ${quoteValue(value)}`,
      value,
    );
  }
  const field = formatFieldPath(path) || undefined;
  const problem =
    issue.input === undefined
      ? `missing; ${issue.message}`
      : `${issue.message}, got ${quoteValue(issue.input)}`;

  return bundleError({ file, line, field }, problem, issue.input);
}

/** The issue to report: inside a union, the closest alternative's first one. */
function closest(
  issue: Issue,
  at: FieldPath,
  shared?: readonly number[],
): { path: FieldPath; issue: Issue } {
  const path = [...at, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
    return { path, issue };
  }
  if (issue.errors.every(isTypeMismatchHere)) {
    const message = `expected ${expectedTypes(issue.errors)}`;
    return { path, issue: { ...issue, message } };
  }

  const order = issue.errors.map((branch, i) => ({
    branch,
    shared: shared?.[i] ?? 0,
    rank: rank(branch),
  }));
  const best = order.reduce((a, b) =>
    b.shared > a.shared || (b.shared === a.shared && b.rank < a.rank) ? b : a,
  );

  return closest(best.branch[0] as Issue, path);
}

function isTypeMismatchHere(branch: readonly Issue[]): boolean {
  return branch.every((i) => i.path.length === 0 && i.code === 'invalid_type');
}

/** "number, string, boolean or null". */
function expectedTypes(branches: ReadonlyArray<readonly Issue[]>): string {
  const types = [
    ...new Set(
      branches.flat().map((i) => (i.code === 'invalid_type' ? i.expected : '?')),
    ),
  ];
  const last = types.pop();

  return types.length === 0 ? String(last) : `${types.join(', ')} or ${last}`;
}

/** Missing fields weigh most: the closest alternative is the one the line lacks least of. */
function rank(branch: readonly Issue[]): number {
  const missing = branch.filter((i) => i.input === undefined).length;

  return missing * 1_000_000 + branch.length;
}
