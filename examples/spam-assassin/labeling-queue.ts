import { SpamDemoError } from './errors.ts';

/**
 * The pool ids of a labeling queue, in queue order, from its SageMaker
 * Ground Truth input manifest (one JSON object a line, each with the
 * `sample-id` the analysis wrote). A blank line is skipped; a line that is
 * not such an object is an error naming the line.
 */
export function queuedSampleIds(manifestText: string, file: string): string[] {
  const ids: string[] = [];
  for (const [i, line] of manifestText.split('\n').entries()) {
    if (line.trim() === '') continue;
    const id = sampleIdOf(parseLine(line, file, i + 1));
    if (id === undefined) {
      throw new SpamDemoError('expected a string sample-id', {
        file,
        line: i + 1,
        field: 'sample-id',
        value: line,
      });
    }
    ids.push(id);
  }

  return ids;
}

function parseLine(line: string, file: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new SpamDemoError(
      'not valid JSON',
      { file, line: lineNumber, value: line },
      { cause: error },
    );
  }
}

function sampleIdOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const id = (entry as Record<string, unknown>)['sample-id'];

  return typeof id === 'string' && id !== '' ? id : undefined;
}
