/**
 * Aggressor tests and what a run says about them: the shapes the RunTests
 * step writes (tests.json, the history items, `$.tests`) and the notifier,
 * the report and the CLI read. Described in docs/tracking.md.
 */
import type { RulePredicate } from '../analysis/rules/types.ts';

export const TEST_SCHEMA_VERSION = 1;
export const TESTS_REPORT_SCHEMA_VERSION = 1;

/** What a test measures on its members. */
export type TestMetric = 'meanLoss' | 'errorRate' | 'accuracy';

export const TEST_METRICS: readonly TestMetric[] = [
  'meanLoss',
  'errorRate',
  'accuracy',
];

export const TEST_STATUSES = [
  'pass',
  'fail',
  'regressed',
  'improved',
  'not-applicable',
  'error',
] as const;

export type TestStatus = (typeof TEST_STATUSES)[number];

/** The statuses that make `aggressors gate` exit non-zero. */
export const FAILING_STATUSES: readonly TestStatus[] = ['fail', 'regressed', 'error'];

/** The samples a test is about: the same ids. */
export interface IdsMembership {
  kind: 'ids';
  sampleIds: string[];
}

/** The samples a test is about: those whose metadata satisfies every predicate. */
export interface RuleMembership {
  kind: 'rule';
  predicates: RulePredicate[];
  /** The rule in words, as the analysis wrote it. */
  text?: string;
}

/**
 * The samples a test is about: those whose reference embedding (matched by
 * sample id) lies within `radius` (Euclidean) of `centre`.
 */
export interface RegionMembership {
  kind: 'region';
  centre: number[];
  radius: number;
  reference: {
    /** S3 key of a float32 `.npy`, one row per id of `sampleIds`. */
    embeddingsKey: string;
    sampleIds: string[];
  };
}

export type Membership = IdsMembership | RuleMembership | RegionMembership;
export type MembershipKind = Membership['kind'];

/** Where a test was saved from. */
export interface SavedFrom {
  project: string;
  modelVersion: string;
  runId: string;
  aggressorId?: string;
  savedAtEpochMs: number;
}

/** `tests/<project>/<name>.json`, schema version 1. */
export interface AggressorTest {
  schemaVersion: typeof TEST_SCHEMA_VERSION;
  name: string;
  description?: string;
  metric: TestMetric;
  membership: Membership;
  /** Largest allowed worsening against the previous version, in the metric's units. */
  maxRegression: number;
  /** An absolute limit: worse than this is `fail`. */
  threshold?: number;
  /** The metric on the members in the run it was saved from. */
  savedValue: number | null;
  savedFrom?: SavedFrom;
}

/** One test's outcome in one run. */
export interface TestResult {
  name: string;
  /** Null when the test file could not be read. */
  metric: TestMetric | null;
  membership: MembershipKind | null;
  status: TestStatus;
  /** The metric on this run's members; null when not-applicable or error. */
  value: number | null;
  savedValue: number | null;
  /** The metric on the previous version's members; null when there are none. */
  previousValue: number | null;
  /** value − previousValue (positive: higher); null without both. */
  difference: number | null;
  /** Bootstrap 95% interval of the difference; null without both. */
  interval: [number, number] | null;
  /** Scored members in this run. */
  members: number;
  /** Scored members in the previous version; null without a previous run. */
  previousMembers: number | null;
  maxRegression: number | null;
  threshold: number | null;
  /** Why the status is what it is, in one sentence. */
  message?: string;
}

export type StatusCounts = Record<TestStatus, number>;

/** An aggressor of this run and what it was in the previous version. */
export interface AggressorMatch {
  id: string;
  rank: number;
  size: number;
  meanLoss: number;
  lossRatio: number | null;
  errorRate: number | null;
  impact: number;
  hypothesis: string;
  state: 'new' | 'persisting';
  /** The matched aggressor of the previous run; null when new. */
  previousId: string | null;
  /** Jaccard overlap of the member ids with the matched one; 0 when new. */
  overlap: number;
}

/** An aggressor of the previous version that this run no longer has. */
export interface ResolvedAggressor {
  previousId: string;
  size: number;
  meanLoss: number;
}

export interface AggressorTracking {
  /** This run's aggressors, by rank, each marked new or persisting. */
  matches: AggressorMatch[];
  resolved: ResolvedAggressor[];
  /**
   * Aggressors of the previous version none of whose members are in this run:
   * neither persisting nor resolved, since nothing can be said of them.
   */
  absent: ResolvedAggressor[];
  /** Smallest Jaccard overlap that counts as the same aggressor. */
  minOverlap: number;
}

/** The run a test compares with. */
export interface PreviousRun {
  runId: string;
  modelVersion: string;
  uploadedAtEpochMs: number;
}

/** `results/<project>/<modelVersion>/<runId>/tests.json`. */
export interface RunTestsReport {
  schemaVersion: typeof TESTS_REPORT_SCHEMA_VERSION;
  project: string;
  modelVersion: string;
  runId: string;
  previous: PreviousRun | null;
  tests: TestResult[];
  counts: StatusCounts;
  aggressors: AggressorTracking;
}

/** One test's result in one run, as the history item in DynamoDB holds it. */
export interface TestHistoryEntry extends TestResult {
  project: string;
  modelVersion: string;
  runId: string;
  uploadedAtEpochMs: number;
}
