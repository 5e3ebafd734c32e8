/**
 * The zod schema of a test file, `tests/<project>/<name>.json`, version 1.
 * Each message reads "expected …" so the error can append what came.
 */
import { z } from 'zod';
import { TEST_METRICS, TEST_SCHEMA_VERSION } from './types.ts';

/** Letters, digits, '.', '_' and '-': the name is part of the S3 key. */
export const TEST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export const testNameSchema = z
  .string({ error: 'expected the test name as a string' })
  .regex(TEST_NAME, {
    error:
      'expected a test name of 1 to 100 letters, digits, ".", "_" or "-", ' +
      'starting with a letter or digit',
  });

const finite = (what: string) =>
  z.number({ error: `expected ${what} as a finite number` }).finite();

const sampleIds = z
  .array(z.string({ error: 'expected a sample id as a string' }), {
    error: 'expected a list of sample ids',
  })
  .min(1, { error: 'expected at least one sample id' });

const predicate = z.strictObject({
  field: z.string({ error: 'expected the metadata field name' }).min(1),
  op: z.enum(['=', '<=', '>'], { error: 'expected op "=", "<=" or ">"' }),
  value: z.union([z.string(), finite('the value'), z.boolean(), z.null()], {
    error: 'expected the value as a string, number, boolean or null',
  }),
});

const ids = z.strictObject({ kind: z.literal('ids'), sampleIds });

const rule = z.strictObject({
  kind: z.literal('rule'),
  predicates: z
    .array(predicate, { error: 'expected a list of predicates' })
    .min(1, { error: 'expected at least one predicate' }),
  text: z.string().optional(),
});

const region = z.strictObject({
  kind: z.literal('region'),
  centre: z
    .array(finite('a coordinate'), { error: 'expected the centre as numbers' })
    .min(1, { error: 'expected a centre of at least one dimension' }),
  radius: finite('the radius').nonnegative({ error: 'expected a radius >= 0' }),
  reference: z.strictObject({
    embeddingsKey: z.string({ error: 'expected the S3 key of a .npy' }).min(1),
    sampleIds,
  }),
});

const membership = z.discriminatedUnion('kind', [ids, rule, region], {
  error: 'expected membership.kind "ids", "rule" or "region"',
});

export const aggressorTestSchema = z.strictObject({
  schemaVersion: z.literal(TEST_SCHEMA_VERSION, {
    error: `expected schemaVersion ${TEST_SCHEMA_VERSION}`,
  }),
  name: testNameSchema,
  description: z.string().optional(),
  metric: z.enum(['meanLoss', 'errorRate', 'accuracy'], {
    error: `expected metric ${TEST_METRICS.map((m) => `"${m}"`).join(', ')}`,
  }),
  membership,
  maxRegression: finite('maxRegression').nonnegative({
    error: 'expected maxRegression >= 0 (an allowed worsening)',
  }),
  threshold: finite('threshold').optional(),
  savedValue: z.union([finite('savedValue'), z.null()], {
    error: 'expected savedValue as a finite number or null',
  }),
  savedFrom: z
    .strictObject({
      project: z.string(),
      modelVersion: z.string(),
      runId: z.string(),
      aggressorId: z.string().optional(),
      savedAtEpochMs: finite('savedAtEpochMs'),
    })
    .optional(),
});
