/** Test helpers for the bundle area: an in-memory source and error capture. */
import { expect } from 'vitest';
import { BundleError } from '../../../shared/bundle/errors.ts';
import type { BundleSource } from '../../../shared/bundle/source.ts';

export const MEMORY_PREFIX = 'mem://bundle/';

/** A bundle held in memory; file names are described as `mem://bundle/<path>`. */
export function memorySource(files: Record<string, string | Uint8Array>): BundleSource {
  const bytesOf = (path: string) => {
    const content = files[path];
    if (content === undefined) throw new Error(`memorySource: no file ${path}`);
    return typeof content === 'string' ? new TextEncoder().encode(content) : content;
  };

  return {
    describe: (path) => `${MEMORY_PREFIX}${path}`,
    readBytes: async (path) => bytesOf(path),
    exists: async (path) => files[path] !== undefined,
  };
}

export async function* linesOf(...lines: string[]): AsyncIterable<string> {
  yield* lines;
}

/** Runs `act`, expects a BundleError, checks its located fields, returns it. */
export async function catchBundleError(
  act: () => unknown,
  expected: { file: string; line?: number; field?: string; value?: unknown },
): Promise<BundleError> {
  let caught: unknown;
  try {
    await act();
  } catch (error) {
    caught = error;
  }

  expect(caught).toBeInstanceOf(BundleError);
  const error = caught as BundleError;
  expect({
    file: error.file,
    line: error.line,
    field: error.field,
    value: error.value,
  }).toEqual({ line: undefined, field: undefined, value: undefined, ...expected });

  return error;
}
