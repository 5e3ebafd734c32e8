/**
 * The zod schema of `manifest.json`, version 1. Each rule's message reads as
 * "expected …" so that `zod-issue.ts` can append what came instead.
 */
import { z } from 'zod';
import { BUNDLE_SCHEMA_VERSION } from './types.ts';
import type { Manifest } from './types.ts';

export const NAME_MAX_CHARS = 128;
const CONTROL_CHARACTER = /\p{Cc}/u;
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
/** SageMaker's rule for endpoint names. */
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

const name = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .min(1, { error: `expected ${what}, not an empty string` })
    .max(NAME_MAX_CHARS, {
      error: `expected ${what} of at most ${NAME_MAX_CHARS} characters`,
    })
    .refine((text) => !text.includes('/'), {
      error: `expected ${what} without "/" (it separates the folders of the upload path)`,
    })
    .refine((text) => !CONTROL_CHARACTER.test(text), {
      error: `expected ${what} without control characters`,
    })
    .refine((text) => text !== '.' && text !== '..', {
      error: `expected ${what} other than "." or ".." (they name folders of the upload path)`,
    });

const relativePath = (what: string) =>
  z
    .string({ error: `expected the ${what} path as a string` })
    .min(1, { error: `expected a non-empty ${what} path` })
    .refine((path) => !URI_SCHEME.test(path), {
      error: `expected the ${what} path relative to the manifest's folder, not a URI`,
    })
    .refine((path) => !path.startsWith('/'), {
      error: `expected the ${what} path relative to the manifest's folder, without a leading "/"`,
    })
    .refine((path) => !path.split(/[\\/]/).includes('..'), {
      error: `expected the ${what} path inside the manifest's folder, without ".." segments`,
    })
    .refine(
      (path) =>
        !path.split(/[\\/]/).some((part) => part.startsWith('.') && part !== '.'),
      {
        error:
          `expected the ${what} path without hidden parts (a name starting with "."): ` +
          'uploads leave hidden files out',
      },
    )
    .refine((path) => !CONTROL_CHARACTER.test(path), {
      error: `expected the ${what} path without control characters`,
    });

const positiveInteger = (what: string) =>
  z
    .number({ error: `expected ${what} as a number` })
    .int({ error: `expected ${what} as a whole number` })
    .positive({ error: `expected ${what} greater than 0` });

const inferenceSchema = z.strictObject(
  {
    endpoint: z
      .string({ error: 'expected the SageMaker endpoint name as a string' })
      .regex(ENDPOINT_NAME, {
        error: 'expected a SageMaker endpoint name: 1 to 63 letters, digits and "-"',
      }),
    maxBatchBytes: positiveInteger('a byte count').optional(),
    maxBatchSize: positiveInteger('a sample count').optional(),
    concurrency: positiveInteger('a number of calls').optional(),
  },
  { error: 'expected an object with "endpoint" and optional batch limits' },
);

const manifestObject = z.strictObject(
  {
    schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION, {
      error: `expected a supported schemaVersion (this reader supports ${BUNDLE_SCHEMA_VERSION})`,
    }),
    project: name('a project name'),
    modelVersion: name('a model version'),
    task: z.enum(['classification', 'regression', 'custom'], {
      error: 'expected one of "classification", "regression", "custom"',
    }),
    classes: z
      .array(
        z.string({ error: 'expected a class name as a string' }).min(1, {
          error: 'expected a non-empty class name',
        }),
        { error: 'expected a list of class names' },
      )
      .optional(),
    scores: z
      .enum(['probabilities', 'logits'], {
        error: 'expected "probabilities" or "logits"',
      })
      .optional(),
    samples: relativePath('samples'),
    embeddings: relativePath('embeddings')
      .refine((path) => /\.npy$/i.test(path), { error: 'expected a .npy file' })
      .optional(),
    inference: inferenceSchema.optional(),
    pool: relativePath('pool').optional(),
    labelingBudget: positiveInteger('a number of samples').optional(),
    baseline: name('a baseline model version').optional(),
  },
  { error: 'expected a JSON object' },
);

export const manifestSchema: z.ZodType<Manifest> = manifestObject.superRefine(
  (manifest, ctx) => {
    const { task, classes, scores } = manifest;
    if (
      manifest.baseline !== undefined &&
      manifest.baseline === manifest.modelVersion
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseline'],
        input: manifest.baseline,
        message:
          'expected another model version than this one (a version compared with ' +
          'itself never regresses)',
      });
    }
    if (task !== 'classification') {
      if (classes !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['classes'],
          input: classes,
          message: `expected no classes for a ${task} task (classes apply to classification)`,
        });
      }
      if (scores !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['scores'],
          input: scores,
          message: `expected no scores kind for a ${task} task (scores apply to classification)`,
        });
      }
      return;
    }

    checkClasses(classes, ctx);
    if (scores === undefined && manifest.inference !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['scores'],
        input: undefined,
        message:
          'expected "probabilities" or "logits" for a classification task that ' +
          "names an endpoint: the run must know how to read the endpoint's scores",
      });
    }
  },
);

function checkClasses(classes: string[] | undefined, ctx: z.RefinementCtx): void {
  if (classes === undefined || classes.length < 2) {
    ctx.addIssue({
      code: 'custom',
      path: ['classes'],
      input: classes,
      message: 'expected at least 2 class names for a classification task',
    });
    return;
  }

  const firstIndex = new Map<string, number>();
  classes.forEach((className, index) => {
    const earlier = firstIndex.get(className);
    if (earlier !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['classes', index],
        input: className,
        message: `expected unique class names; this one is also classes[${earlier}]`,
      });
    }
    firstIndex.set(className, earlier ?? index);
  });
}
