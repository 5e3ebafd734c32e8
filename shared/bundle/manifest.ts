/** Reading `manifest.json`: JSON, then the schema, then the upload path. */
import { bundleError } from './errors.ts';
import { parseJson } from './json.ts';
import { manifestSchema } from './manifest-schema.ts';
import type { Manifest } from './types.ts';
import { zodIssueToError } from './zod-issue.ts';

/** Project and model version as the upload's key path names them. */
export interface ExpectedIdentity {
  project: string;
  modelVersion: string;
}

const BYTE_ORDER_MARK = '\uFEFF';

export function parseManifest(
  text: string,
  file: string,
  expected?: ExpectedIdentity,
): Manifest {
  const documentText = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const data = parseJson(documentText, file);
  const result = manifestSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const [issue] = result.error.issues;
    if (issue !== undefined) throw zodIssueToError(issue, file, documentText);
    throw bundleError({ file }, 'invalid manifest', data, result.error);
  }

  if (expected !== undefined) checkIdentity(result.data, expected, file);

  return result.data;
}

function checkIdentity(
  manifest: Manifest,
  expected: ExpectedIdentity,
  file: string,
): void {
  for (const field of ['project', 'modelVersion'] as const) {
    if (manifest[field] === expected[field]) continue;

    const problem =
      `expected ${JSON.stringify(expected[field])} as in the upload path, ` +
      `got ${JSON.stringify(manifest[field])}`;
    throw bundleError({ file, field }, problem, manifest[field]);
  }
}
