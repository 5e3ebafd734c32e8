/**
 * The zod schema of a run's saved-test results,
 * `results/<project>/<modelVersion>/<runId>/tests.json`, version 1, as
 * RunTests writes it and the gate, the notifier and the report read it.
 * Objects are not strict: fields may be added, not renamed. Each message
 * reads "expected …" so the error can append what came.
 */
import { z } from 'zod';
import { TEST_STATUSES as STATUSES, TESTS_REPORT_SCHEMA_VERSION } from './types.ts';
import type { RunTestsReport, StatusCounts } from './types.ts';

const text = (what: string) => z.string({ error: `expected ${what} as a string` });
const number = (what: string) =>
  z.number({ error: `expected ${what} as a number` }).finite();
const numberOrNull = (what: string) =>
  z.union([z.number().finite(), z.null()], {
    error: `expected ${what} as a number or null`,
  });
const count = () =>
  z
    .number({ error: 'expected a whole number >= 0' })
    .int({ error: 'expected a whole number >= 0' })
    .nonnegative({ error: 'expected a whole number >= 0' });

const status = z.enum(STATUSES, {
  error: `expected a status: ${STATUSES.map((s) => `"${s}"`).join(', ')}`,
});

const testResult = z.object({
  name: text('the test name'),
  metric: z
    .enum(['meanLoss', 'errorRate', 'accuracy'], {
      error: 'expected metric "meanLoss", "errorRate", "accuracy" or null',
    })
    .nullable(),
  membership: z
    .enum(['ids', 'rule', 'region'], {
      error: 'expected membership "ids", "rule", "region" or null',
    })
    .nullable(),
  status,
  value: numberOrNull('value'),
  savedValue: numberOrNull('savedValue'),
  previousValue: numberOrNull('previousValue'),
  difference: numberOrNull('difference'),
  interval: z.union([z.tuple([z.number().finite(), z.number().finite()]), z.null()], {
    error: 'expected interval as [low, high] or null',
  }),
  members: count(),
  previousMembers: z.union([count(), z.null()], {
    error: 'expected previousMembers as a whole number >= 0 or null',
  }),
  maxRegression: numberOrNull('maxRegression'),
  threshold: numberOrNull('threshold'),
  message: text('message').optional(),
});

const aggressorMatch = z.object({
  id: text('the aggressor id'),
  rank: count(),
  size: count(),
  meanLoss: number('meanLoss'),
  lossRatio: numberOrNull('lossRatio'),
  errorRate: numberOrNull('errorRate'),
  impact: number('impact'),
  hypothesis: text('hypothesis'),
  state: z.enum(['new', 'persisting'], {
    error: 'expected state "new" or "persisting"',
  }),
  previousId: z.union([z.string(), z.null()], {
    error: 'expected previousId as a string or null',
  }),
  overlap: number('overlap'),
});

const resolvedAggressor = z.object({
  previousId: text('previousId'),
  size: count(),
  meanLoss: number('meanLoss'),
});

const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, { error: `expected ${what} as a list` });

export const testsReportSchema: z.ZodType<RunTestsReport> = z.object({
  schemaVersion: z.literal(TESTS_REPORT_SCHEMA_VERSION, {
    error: `expected schemaVersion ${TESTS_REPORT_SCHEMA_VERSION}`,
  }),
  project: text('the project'),
  modelVersion: text('the model version'),
  runId: text('the run id'),
  previous: z
    .object(
      {
        runId: text('the previous run id'),
        modelVersion: text('the previous model version'),
        uploadedAtEpochMs: number('uploadedAtEpochMs'),
      },
      { error: 'expected the previous run or null' },
    )
    .nullable(),
  tests: list(testResult, 'tests'),
  // A status added later is 0 in an older file, not a reason to reject it.
  counts: z
    .partialRecord(status, count(), { error: 'expected counts by status' })
    .transform(
      (counts) =>
        Object.fromEntries(STATUSES.map((s) => [s, counts[s] ?? 0])) as StatusCounts,
    ),
  aggressors: z.object(
    {
      matches: list(aggressorMatch, 'matches'),
      resolved: list(resolvedAggressor, 'resolved'),
      absent: list(resolvedAggressor, 'absent'),
      minOverlap: number('minOverlap'),
    },
    { error: 'expected the aggressors matched, resolved and absent' },
  ),
});
