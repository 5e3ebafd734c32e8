/**
 * The JSON documents of a distributed clustering run, as stored between its
 * steps: the plan, the centroids of each iteration and each partition's
 * partial sums. Read back through a schema, so a bad file is an error that
 * names the file, line, field and value. Doubles survive JSON exactly.
 */
import { z } from 'zod';
import { parseJson } from '../../bundle/json.ts';
import { zodIssueToError } from '../../bundle/zod-issue.ts';
import type { ShardPartial } from './types.ts';

const count = z.number().int().nonnegative();
const finite = z.number().finite();

/** What every step of the loop reads: the clustering settings and partitions. */
export interface ClusteringPlanDocument {
  k: number;
  dimensions: number;
  seed: number;
  tolerance: number;
  maxIterations: number;
  /** Output files (S3 keys) of each partition, in order. */
  partitions: string[][];
}

const planSchema = z.object({
  k: z.number().int().positive(),
  dimensions: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
  tolerance: z.number().nonnegative(),
  maxIterations: z.number().int().positive(),
  partitions: z.array(z.array(z.string().min(1)).min(1)).min(1),
});

export interface CentroidsDocument {
  iteration: number;
  k: number;
  dimensions: number;
  /** k x dimensions, row-major. */
  centroids: number[];
}

const centroidsSchema = z
  .object({
    iteration: count,
    k: z.number().int().positive(),
    dimensions: z.number().int().positive(),
    centroids: z.array(finite),
  })
  .superRefine((doc, ctx) => {
    if (doc.centroids.length === doc.k * doc.dimensions) return;
    ctx.addIssue({
      code: 'custom',
      message: `expected k x dimensions = ${doc.k * doc.dimensions} values`,
      path: ['centroids'],
      input: doc.centroids,
    });
  });

const partialSchema = z.object({
  k: z.number().int().positive(),
  dimensions: z.number().int().positive(),
  rows: count,
  counts: z.array(count),
  sums: z.array(finite),
  inertia: finite.nonnegative(),
  farthest: z.array(
    z.object({
      distance: finite.nonnegative(),
      partition: count,
      row: count,
      cluster: count,
      vector: z.array(finite),
    }),
  ),
});

export function parsePlanDocument(text: string, file: string): ClusteringPlanDocument {
  return parseWith(planSchema, text, file);
}

export function parseCentroidsDocument(text: string, file: string): CentroidsDocument {
  return parseWith(centroidsSchema, text, file);
}

export function partialDocument(partial: ShardPartial): object {
  return { ...partial, sums: Array.from(partial.sums) };
}

export function parsePartialDocument(text: string, file: string): ShardPartial {
  const doc = parseWith(partialSchema, text, file);

  return { ...doc, sums: Float64Array.from(doc.sums) };
}

function parseWith<T>(schema: z.ZodType<T>, text: string, file: string): T {
  const result = schema.safeParse(parseJson(text, file), { reportInput: true });
  if (!result.success) throw zodIssueToError(result.error.issues[0]!, file, text);

  return result.data;
}
