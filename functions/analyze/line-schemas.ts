/**
 * The lines Analyze reads from a run's work folder: samples (written by
 * Prepare) and outputs (written by Prepare or Infer).
 */
import { z } from 'zod';

const metadataValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const sampleLineSchema = z.object({
  id: z.string().min(1),
  label: z.union([z.string(), z.number()]).optional(),
  metadata: z.record(z.string(), metadataValue).default({}),
});

/** JSON has no NaN or infinities: writers put null, read as non-finite. */
export const outputLineSchema = z.object({
  id: z.string().min(1),
  embedding: z.array(z.number().nullable()).optional(),
  scores: z.array(z.number()).optional(),
  prediction: z.union([z.string(), z.number()]).optional(),
  loss: z.number().optional(),
  heatmap: z.array(z.array(z.number())).optional(),
  error: z.string().optional(),
});

/** A pool line written by Prepare: what a labeler is shown. */
export const poolLineSchema = z.object({
  id: z.string().min(1),
  input: z.unknown().optional(),
  metadata: z.record(z.string(), metadataValue).default({}),
});

export type PoolLine = z.infer<typeof poolLineSchema>;
