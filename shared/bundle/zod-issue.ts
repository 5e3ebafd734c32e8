/**
 * Turns the first zod issue of a document into a `BundleError` that names the
 * field, the line it sits on and the value found there.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { z } from 'zod';
import { bundleError, quoteValue } from './errors.ts';
import type { BundleError } from './errors.ts';
import { formatFieldPath } from './field-path.ts';
import type { FieldPath } from './field-path.ts';

export function zodIssueToError(
  issue: z.core.$ZodIssue,
  file: string,
  documentText: string,
): BundleError {
  const { path, value, problem } = describeIssue(issue);
  const line = lineOfPath(documentText, path);
  const field = formatFieldPath(path) || undefined;

  return bundleError({ file, line, field }, problem, value);
}

function describeIssue(issue: z.core.$ZodIssue): {
  path: FieldPath;
  value: unknown;
  problem: string;
} {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const container = issue.input as Record<string, unknown> | undefined;
    const problem = 'unknown field (check its spelling against docs/bundle.md)';
    return { path: [...issue.path, key], value: container?.[key], problem };
  }
  if (issue.input === undefined) {
    return { path: issue.path, value: undefined, problem: `missing; ${issue.message}` };
  }

  const problem = `${issue.message}, got ${quoteValue(issue.input)}`;

  return { path: issue.path, value: issue.input, problem };
}

/**
 * The 1-based line of the value at `path`, or of its nearest present parent
 * below the document itself: a field missing from the top level has no line
 * (the document's first line would point at nothing).
 */
function lineOfPath(documentText: string, path: FieldPath): number | undefined {
  const root = parseTree(documentText);
  if (root === undefined) return undefined;

  const segments = path.filter((segment) => typeof segment !== 'symbol');
  const shortest = segments.length === 0 ? 0 : 1;
  for (let length = segments.length; length >= shortest; length -= 1) {
    const node = findNodeAtLocation(root, segments.slice(0, length));
    if (node !== undefined)
      return documentText.slice(0, node.offset).split('\n').length;
  }

  return undefined;
}
