/**
 * The report's input from a run's stored parts: the results
 * (`aggressors.json`), the per-sample lines, and what is still at hand of
 * the samples (labels, metadata, inputs). Pure; `run-report.ts` reads the
 * parts from S3.
 */
import type { FieldLoss } from '../analysis/metadata/types.ts';
import type {
  AnalysisSample,
  OverallMetrics,
  PerSampleResult,
  RunCounts,
} from '../analysis/types.ts';
import type { TaskKind } from '../bundle/types.ts';
import type { ReportAggressor, ReportInput, ReportSample } from './types.ts';

/** What the report reads of `aggressors.json` (functions/analyze/results.ts). */
export interface StoredResults {
  project: string;
  modelVersion: string;
  runId: string;
  counts: RunCounts;
  overall: OverallMetrics;
  aggressors: ReportAggressor[];
  lossByField?: FieldLoss[];
  labelingQueue?: { key: string; size: number; budget: number };
}

/** A line of the results' `samples.jsonl`: a scored sample, or a failed one. */
export type SampleLine = PerSampleResult | { id: string; error: string };

export interface StoredRun {
  results: StoredResults;
  sampleLines: readonly SampleLine[];
  /** Labels and metadata (the run's work files; absent once they expired). */
  samples?: readonly AnalysisSample[];
  /** Inputs by sample id, for the samples the cards show. */
  inputs?: ReadonlyMap<string, unknown>;
  /** Mean heatmap PNGs by aggressor id. */
  heatmapPngs?: Readonly<Record<string, Uint8Array>>;
  /** Where the labeling manifest is, as a link from the report. */
  labelingQueueHref?: string;
  /** The bucket the run is stored in, for the manifest's s3:// address. */
  bucket?: string;
  task?: TaskKind;
  tests?: ReportInput['tests'];
  history?: ReportInput['history'];
  notes?: string[];
  generatedAtEpochMs?: number;
}

export function reportInputOf(stored: StoredRun): ReportInput {
  const { results } = stored;
  const described = new Map((stored.samples ?? []).map((s) => [s.id, s]));

  const samples = stored.sampleLines.flatMap((line): ReportSample[] => {
    if ('error' in line) return [];
    const about = described.get(line.id);
    return [
      {
        ...line,
        label: about?.label ?? null,
        metadata: about?.metadata ?? {},
        input: stored.inputs?.get(line.id),
      },
    ];
  });
  const aggressors = results.aggressors.map((a) => {
    const png = stored.heatmapPngs?.[a.id];
    return png === undefined ? a : { ...a, heatmapPng: png };
  });
  const queue = results.labelingQueue;

  return {
    project: results.project,
    modelVersion: results.modelVersion,
    runId: results.runId,
    ...(stored.task && { task: stored.task }),
    ...(stored.generatedAtEpochMs !== undefined && {
      generatedAtEpochMs: stored.generatedAtEpochMs,
    }),
    counts: results.counts,
    overall: results.overall,
    aggressors,
    samples,
    ...(results.lossByField && { lossByField: results.lossByField }),
    ...(queue && {
      labelingQueue: {
        size: queue.size,
        href: stored.labelingQueueHref ?? queue.key,
        ...(stored.bucket !== undefined && {
          uri: `s3://${stored.bucket}/${queue.key}`,
        }),
      },
    }),
    ...(stored.tests && { tests: stored.tests }),
    ...(stored.history && { history: stored.history }),
    notes: [...(stored.notes ?? []), ...missingNotes(stored)],
  };
}

function missingNotes(stored: StoredRun): string[] {
  const notes: string[] = [];
  if (stored.samples === undefined) {
    notes.push(
      'Labels and metadata of the samples were no longer available: the map cannot be coloured by metadata.',
    );
  }

  return notes;
}
