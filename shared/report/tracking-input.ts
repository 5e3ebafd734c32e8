/**
 * The report's tests and history from what RunTests stored: the run's
 * tests result (`tests.json`) and each test's results across runs. Pure.
 */
import type {
  AggressorTracking,
  RunTestsReport,
  TestHistoryEntry,
} from '../tracking/types.ts';
import type {
  ReportAggressorChanges,
  ReportInput,
  ReportTestHistory,
} from './types.ts';

export interface TrackingParts {
  testsReport: RunTestsReport;
  /** Each test's stored results across runs, by test name. */
  histories: ReadonlyMap<string, readonly TestHistoryEntry[]>;
  /** Model version each test was saved from, by test name, when known. */
  savedFrom?: ReadonlyMap<string, string>;
  /** This run's upload time: later runs are left out of its history. */
  uploadedAtEpochMs: number;
}

export function trackingInput(
  parts: TrackingParts,
): Pick<ReportInput, 'tests' | 'history'> {
  const { testsReport } = parts;

  return {
    tests: testsReport.tests,
    history: {
      tests: testsReport.tests.map((result) => testHistory(result, parts)),
      aggressors: aggressorChanges(
        testsReport.aggressors,
        testsReport.previous?.modelVersion,
      ),
    },
  };
}

/**
 * One point per model version up to this run, oldest first: a version
 * uploaded more than once shows its latest run.
 */
function testHistory(
  result: RunTestsReport['tests'][number],
  parts: TrackingParts,
): ReportTestHistory {
  const entries = [...(parts.histories.get(result.name) ?? [])]
    .filter((e) => e.uploadedAtEpochMs <= parts.uploadedAtEpochMs)
    .sort((a, b) => a.uploadedAtEpochMs - b.uploadedAtEpochMs);
  const latest = new Map<string, TestHistoryEntry>();
  for (const entry of entries) {
    latest.delete(entry.modelVersion);
    latest.set(entry.modelVersion, entry);
  }
  const savedFrom = parts.savedFrom?.get(result.name);

  return {
    name: result.name,
    metric: result.metric,
    savedValue: result.savedValue,
    ...(savedFrom !== undefined && { savedFrom }),
    threshold: result.threshold,
    points: [
      ...savedPoint(result.savedValue, savedFrom, latest),
      ...[...latest.values()].map((e) => ({
        modelVersion: e.modelVersion,
        value: e.value,
        status: e.status,
      })),
    ],
  };
}

/**
 * The version a test was saved from has no result of its own (the test did
 * not exist when it ran): its point is the value measured when saving.
 */
function savedPoint(
  savedValue: number | null,
  savedFrom: string | undefined,
  latest: ReadonlyMap<string, TestHistoryEntry>,
): ReportTestHistory['points'] {
  if (savedFrom === undefined || latest.has(savedFrom)) return [];

  return [{ modelVersion: savedFrom, value: savedValue, status: 'saved' }];
}

function aggressorChanges(
  tracking: AggressorTracking,
  previousModelVersion: string | undefined,
): ReportAggressorChanges {
  return {
    ...(previousModelVersion !== undefined && { previousModelVersion }),
    persisting: tracking.matches.flatMap((m) =>
      m.state === 'persisting' && m.previousId !== null
        ? [{ id: m.id, previousId: m.previousId, overlap: m.overlap }]
        : [],
    ),
    new: tracking.matches.filter((m) => m.state === 'new').map((m) => ({ id: m.id })),
    resolved: tracking.resolved,
  };
}
