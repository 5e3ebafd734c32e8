/**
 * Reading an endpoint response `{"predictions": [{id, embedding, scores |
 * prediction, loss?, heatmap?}]}` into one `SampleOutput` per instance sent.
 * Predictions are matched by id; a missing or malformed prediction, or a
 * non-finite number in it, fails that sample alone with the reason.
 */
import type { SampleOutput } from '../../shared/analysis/types.ts';

/** NaN and infinities as Python's json.dumps writes them; strings are kept. */
const NON_FINITE_TOKENS = /"(?:[^"\\]|\\.)*"|-?\bInfinity\b|\bNaN\b/g;

export function readPredictions(text: string, ids: readonly string[]): SampleOutput[] {
  const parsed = parseLenient(text);
  const predictions = (parsed as { predictions?: unknown } | undefined)?.predictions;
  if (!Array.isArray(predictions)) {
    const reason =
      parsed === undefined
        ? 'response is not valid JSON'
        : 'response has no "predictions" array';
    return ids.map((id) => ({ id, error: reason }));
  }

  const byId = new Map<string, unknown>();
  for (const prediction of predictions) {
    const id = (prediction as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, prediction);
  }
  const unexpected = [...byId.keys()].filter((id) => !ids.includes(id));

  return ids.map((id) => outputFor(id, byId.get(id), unexpected));
}

/** JSON.parse, then once more with NaN and infinities read as null. */
function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(
        text.replace(NON_FINITE_TOKENS, (token) =>
          token.startsWith('"') ? token : 'null',
        ),
      );
    } catch {
      return undefined;
    }
  }
}

function outputFor(
  id: string,
  prediction: unknown,
  unexpected: string[],
): SampleOutput {
  if (prediction === undefined) {
    const got =
      unexpected.length === 0
        ? ''
        : `; it has predictions for unexpected ids ${unexpected
            .slice(0, 3)
            .map((u) => JSON.stringify(u))
            .join(', ')}`;
    return { id, error: `response has no prediction for this id${got}` };
  }

  const problem = problemOf(prediction as Record<string, unknown>);
  if (problem !== undefined) return { id, error: `response prediction: ${problem}` };

  return pick(id, prediction as Record<string, unknown>);
}

function problemOf(p: Record<string, unknown>): string | undefined {
  if (!Array.isArray(p.embedding) || p.embedding.length === 0) {
    return 'field "embedding" must be a non-empty array of numbers';
  }

  return (
    finiteList(p.embedding, 'embedding') ??
    (p.scores === undefined ? undefined : finiteList(p.scores, 'scores')) ??
    predictionProblem(p.prediction) ??
    (p.loss === undefined ? undefined : finiteNumber(p.loss, 'loss')) ??
    heatmapProblem(p.heatmap)
  );
}

function finiteList(value: unknown, field: string): string | undefined {
  if (!Array.isArray(value)) return `field "${field}" must be an array of numbers`;

  const at = value.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (at === -1) return undefined;

  return finiteNumber(value[at], `${field}[${at}]`);
}

function finiteNumber(value: unknown, field: string): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined;
  if (value === null || typeof value === 'number') {
    return `field "${field}" is not a finite number (got ${String(value)}; NaN and infinities read as null)`;
  }

  return `field "${field}" must be a number, got ${JSON.stringify(value)}`;
}

function predictionProblem(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return undefined;

  return finiteNumber(value, 'prediction');
}

function heatmapProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    return 'field "heatmap" must be an array of arrays of numbers';

  for (const [row, cells] of value.entries()) {
    const problem = finiteList(cells, `heatmap[${row}]`);
    if (problem !== undefined) return problem;
  }

  return undefined;
}

function pick(id: string, p: Record<string, unknown>): SampleOutput {
  const output: SampleOutput = { id, embedding: p.embedding as number[] };
  if (p.scores !== undefined) output.scores = p.scores as number[];
  if (p.prediction !== undefined) output.prediction = p.prediction as string | number;
  if (p.loss !== undefined) output.loss = p.loss as number;
  if (p.heatmap !== undefined) output.heatmap = p.heatmap as number[][];

  return output;
}
