/**
 * The fixture run as the pipeline stores it: S3 objects by key and the
 * saved test's history items, for the loader's tests (mocked S3 and the
 * local stack alike).
 */
import { runResults, sampleResultLines } from '../../../functions/analyze/results.ts';
import { s3Keys } from '../../../shared/aws/keys.ts';
import type {
  RunTestsReport,
  TestHistoryEntry,
  TestResult,
} from '../../../shared/tracking/types.ts';
import { FIXTURE_RUN, fixtureAnalysis, fixtureText } from './fixture-run.ts';

export const UPLOADED_AT_EPOCH_MS = 1_765_000_300_000;
const { project, modelVersion, runId } = FIXTURE_RUN;

const lines = (values: unknown[]) =>
  values.map((v) => `${JSON.stringify(v)}\n`).join('');

function testResult(value: number, status: TestResult['status']): TestResult {
  return {
    name: 'newsletters',
    metric: 'meanLoss',
    membership: 'rule',
    status,
    value,
    savedValue: 1.1,
    previousValue: 0.6,
    difference: value - 0.6,
    interval: [0.4, 1.2],
    members: 40,
    previousMembers: 40,
    maxRegression: 0,
    threshold: 2.5,
  };
}

/** v1, v2 and this run (v3, regressed), plus a later v4 the v3 report must leave out. */
export const HISTORY: TestHistoryEntry[] = [
  ['v1', 1.1, 'pass', UPLOADED_AT_EPOCH_MS - 2000],
  ['v2', 0.6, 'improved', UPLOADED_AT_EPOCH_MS - 1000],
  ['v3', 1.4, 'regressed', UPLOADED_AT_EPOCH_MS],
  ['v4', 0.5, 'improved', UPLOADED_AT_EPOCH_MS + 1000],
].map(([version, value, status, at]) => ({
  ...testResult(value as number, status as TestResult['status']),
  project,
  modelVersion: version as string,
  runId: `${project}-${version}-x`,
  uploadedAtEpochMs: at as number,
}));

function testsReport(aggressor: { id: string; rank: number }): RunTestsReport {
  const match = {
    ...aggressor,
    size: 40,
    meanLoss: 1.9,
    lossRatio: 12,
    errorRate: 1,
    impact: 1,
    hypothesis: 'lines > 30',
  };

  return {
    schemaVersion: 1,
    project,
    modelVersion,
    runId,
    previous: { runId: 'mail-v2-x', modelVersion: 'v2', uploadedAtEpochMs: 1 },
    tests: [testResult(1.4, 'regressed')],
    counts: {
      pass: 0,
      fail: 0,
      regressed: 1,
      improved: 0,
      'not-applicable': 0,
      error: 0,
    },
    aggressors: {
      matches: [{ ...match, state: 'persisting', previousId: 'before', overlap: 0.8 }],
      resolved: [{ previousId: 'gone', size: 12, meanLoss: 0.9 }],
      absent: [],
      minOverlap: 0.3,
    },
  };
}

/** Every object the run stored, by key. */
export function storedObjects(): Map<string, string | Uint8Array> {
  const { samples, outputs, analysis } = fixtureAnalysis();
  const heatmapKeys = Object.fromEntries(
    Object.keys(analysis.heatmapPngs).map((id) => [
      id,
      s3Keys.heatmap(project, modelVersion, runId, id),
    ]),
  );
  const results = runResults(FIXTURE_RUN, analysis, undefined, heatmapKeys);
  const objects = new Map<string, string | Uint8Array>([
    [s3Keys.results(project, modelVersion, runId), JSON.stringify(results)],
    [
      s3Keys.sampleScores(project, modelVersion, runId),
      lines([...sampleResultLines(samples, outputs, analysis.perSample)]),
    ],
    [s3Keys.samples(runId), lines(samples)],
    [
      s3Keys.shard(runId, 0),
      lines(samples.map((s) => ({ id: s.id, input: fixtureText(s.id) }))),
    ],
    [
      s3Keys.testsResult(project, modelVersion, runId),
      JSON.stringify(testsReport(results.aggressors[0] ?? { id: '', rank: 1 })),
    ],
  ]);
  for (const [id, key] of Object.entries(heatmapKeys)) {
    objects.set(key, analysis.heatmapPngs[id] as Uint8Array);
  }

  return objects;
}
