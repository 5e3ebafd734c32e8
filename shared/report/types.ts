/**
 * What the per-run HTML report is built from: plain data, no AWS.
 * `run-report.ts` reads it from a run's stored results; tests build it
 * directly.
 */
import type { MetadataValue, TaskKind } from '../bundle/types.ts';
import type { Aggressor, OverallMetrics, RunCounts } from '../analysis/types.ts';
import type { FieldLoss } from '../analysis/metadata/types.ts';
import type { TestResult, TestStatus } from '../tracking/types.ts';

export type { TestStatus };

/** One sample as the report shows it: its scores, place on the map and data. */
export interface ReportSample {
  id: string;
  label?: string | number | null;
  prediction: string | number | null;
  loss: number;
  correct: boolean | null;
  /** Id of its cluster; null when quarantined. */
  cluster: string | null;
  /** Map coordinates; null when quarantined (then not drawn). */
  x: number | null;
  y: number | null;
  metadata?: Record<string, MetadataValue>;
  /** What the model was given: text is shown as a snippet, a `data:image/` URI as a thumbnail. */
  input?: unknown;
}

/** An aggressor with what the report adds beside the analysis. */
export interface ReportAggressor extends Aggressor {
  similarUnlabeled?: Array<{ id: string; distance: number }>;
  /** The mean heatmap as PNG bytes, inlined as a data URI. */
  heatmapPng?: Uint8Array;
}

/** A saved test's result in this run, as RunTests records it (docs/tracking.md). */
export type ReportTestResult = Pick<
  TestResult,
  | 'name'
  | 'metric'
  | 'status'
  | 'value'
  | 'savedValue'
  | 'previousValue'
  | 'difference'
  | 'interval'
  | 'members'
  | 'message'
>;

/** A saved test's metric across the project's model versions, oldest first. */
export interface ReportTestHistory {
  name: string;
  metric: string | null;
  savedValue: number | null;
  /** Model version the test was saved from. */
  savedFrom?: string;
  /** Absolute limit: crossing it is `fail`. */
  threshold: number | null;
  /** `saved`: the version the test was saved from, at its saved value. */
  points: Array<{
    modelVersion: string;
    value: number | null;
    status: TestStatus | 'saved';
  }>;
}

/** This run's aggressors set against the previous version's. */
export interface ReportAggressorChanges {
  /** The version compared with; absent for a project's first run. */
  previousModelVersion?: string;
  persisting: Array<{ id: string; previousId: string; overlap: number }>;
  new: Array<{ id: string }>;
  resolved: Array<{ previousId: string; size: number; meanLoss: number }>;
}

export interface ReportInput {
  project: string;
  modelVersion: string;
  runId: string;
  task?: TaskKind;
  /** Written in the page's footer; given so the same input renders the same page. */
  generatedAtEpochMs?: number;
  counts: RunCounts;
  overall: OverallMetrics;
  /** Worst first, as the analysis ranks them. */
  aggressors: ReportAggressor[];
  samples: ReportSample[];
  lossByField?: FieldLoss[];
  /**
   * The labeling queue; `href` is where the manifest is (relative, s3:// or
   * presigned), `uri` its s3:// address, the one a Ground Truth job takes.
   */
  labelingQueue?: { size: number; href: string; uri?: string };
  tests?: ReportTestResult[];
  history?: { tests: ReportTestHistory[]; aggressors?: ReportAggressorChanges };
  /** Said in the overview when a part of the run could not be read (e.g. expired inputs). */
  notes?: string[];
}

export interface RenderOptions {
  /** Most points drawn on the map; more are subsampled (seeded). Default 5000. */
  maxMapPoints?: number;
  /** Seed of the map's subsample. Default 1. */
  seed?: number;
  /** Characters of a text input shown. Default 280. */
  snippetLength?: number;
}
