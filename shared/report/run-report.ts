/**
 * Reading a run's stored results into the report's input, and writing the
 * rendered report beside them (`results/<project>/<version>/<runId>/report.html`).
 * The only file of the report that talks to S3 and DynamoDB: RunTests calls
 * `writeRunReport` once the tests are stored; `aggressors report --rebuild`
 * calls `loadReportInput`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PipelineDeps } from '../aws/deps.ts';
import { S3ObjectMissingError } from '../aws/errors.ts';
import { s3Keys } from '../aws/keys.ts';
import { getRunContext } from '../aws/run-context.ts';
import { getBytes, getJson, listKeys, putText } from '../aws/s3-io.ts';
import { readTests } from '../aws/aggressor-tests.ts';
import { readTestsReport } from '../aws/tests-report.ts';
import { listTestHistory } from '../aws/test-history.ts';
import type { TestHistoryEntry } from '../tracking/types.ts';
import { renderReport } from './render-report.ts';
import { reportInputOf, type StoredResults, type StoredRun } from './report-input.ts';
import {
  inputLine,
  readStoredLines,
  sampleLine,
  sampleResultLine,
  storedLines,
} from './stored-lines.ts';
import { embedStoredImages } from './thumbnails.ts';
import { trackingInput } from './tracking-input.ts';
import type { RenderOptions, ReportInput } from './types.ts';

export const REPORT_CONTENT_TYPE = 'text/html; charset=utf-8';

/** The run a report is about. */
export interface ReportRun {
  bucket: string;
  project: string;
  modelVersion: string;
  runId: string;
  uploadedAtEpochMs: number;
}

export interface ReportStores {
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  table: string;
}

export interface LoadOptions {
  /** Link to the labeling manifest; default its name beside the report. */
  labelingQueueHref?: string;
  generatedAtEpochMs?: number;
}

/** The report's input from what the run stored; parts that expired are noted, not fatal. */
export async function loadReportInput(
  stores: ReportStores,
  run: ReportRun,
  options: LoadOptions = {},
): Promise<ReportInput> {
  const { s3 } = stores;
  const { bucket, project, modelVersion, runId } = run;
  const results = await getJson<StoredResults>(
    s3,
    bucket,
    s3Keys.results(project, modelVersion, runId),
  );

  const stored: StoredRun = {
    results,
    sampleLines: await readStoredLines(
      s3,
      bucket,
      s3Keys.sampleScores(project, modelVersion, runId),
      sampleResultLine,
    ),
    samples: await readSamples(s3, run),
    inputs: await embedStoredImages(
      s3,
      { bucket, project },
      await readInputs(s3, bucket, runId, shownIds(results)),
    ),
    heatmapPngs: await readHeatmaps(s3, bucket, results),
    labelingQueueHref: options.labelingQueueHref ?? 'labeling-queue.manifest',
    bucket,
    task: (await optional(getRunContext(s3, bucket, runId)))?.task,
    ...(options.generatedAtEpochMs !== undefined && {
      generatedAtEpochMs: options.generatedAtEpochMs,
    }),
    ...(await readTracking(stores, run)),
  };

  return reportInputOf(stored);
}

/** Renders the run's report and stores it beside the results; returns its key. */
export async function writeRunReport(
  deps: PipelineDeps,
  run: ReportRun,
  options: LoadOptions & RenderOptions = {},
): Promise<{ key: string; bytes: number }> {
  const stores = { s3: deps.s3, ddb: deps.ddb, table: deps.config.table };
  const input = await loadReportInput(stores, run, {
    generatedAtEpochMs: deps.nowEpochMs(),
    ...options,
  });
  const html = renderReport(input, options);
  const key = s3Keys.report(run.project, run.modelVersion, run.runId);

  await putText(deps.s3, run.bucket, key, html, REPORT_CONTENT_TYPE);
  deps.logger.info('report written', { runId: run.runId, key, bytes: html.length });

  return { key, bytes: html.length };
}

/** Undefined when the object is gone (work/ expires); other errors pass. */
async function optional<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof S3ObjectMissingError) return undefined;
    throw error;
  }
}

/**
 * Labels and metadata: the run's work file while it lasts, then the metadata
 * kept beside the results (when RunTests keeps it); undefined when neither is there.
 */
async function readSamples(s3: S3Client, run: ReportRun) {
  const { bucket, project, modelVersion, runId } = run;
  const keys = [
    s3Keys.samples(runId),
    s3Keys.sampleMetadata(project, modelVersion, runId),
  ];
  for (const key of keys) {
    const samples = await optional(readStoredLines(s3, bucket, key, sampleLine));
    if (samples !== undefined) return samples;
  }

  return undefined;
}

/** The samples the cards show: each aggressor's typical and worst. */
function shownIds(results: StoredResults): Set<string> {
  return new Set(
    results.aggressors.flatMap((a) => [
      ...a.representatives.typical,
      ...a.representatives.worst,
    ]),
  );
}

/**
 * Inputs of the given samples, from the run's input shards while they last.
 * Shards are streamed in order and reading stops once every sample is found.
 */
async function readInputs(
  s3: S3Client,
  bucket: string,
  runId: string,
  ids: ReadonlySet<string>,
): Promise<Map<string, unknown>> {
  const inputs = new Map<string, unknown>();
  if (ids.size === 0) return inputs;

  const keys = await listKeys(s3, bucket, `${s3Keys.workPrefix(runId)}shards/`);
  for (const key of keys) {
    for await (const line of storedLines(s3, bucket, key, inputLine)) {
      if (ids.has(line.id)) inputs.set(line.id, line.input);
      if (inputs.size === ids.size) return inputs;
    }
  }

  return inputs;
}

async function readHeatmaps(
  s3: S3Client,
  bucket: string,
  results: StoredResults,
): Promise<Record<string, Uint8Array>> {
  const pngs: Record<string, Uint8Array> = {};
  for (const aggressor of results.aggressors) {
    const key = (aggressor.heatmap as { key?: string } | null)?.key;
    if (key === undefined) continue;
    const png = await optional(getBytes(s3, bucket, key));
    if (png !== undefined) pngs[aggressor.id] = png;
  }

  return pngs;
}

/** The saved tests' results and history, when RunTests stored them. */
async function readTracking(
  stores: ReportStores,
  run: ReportRun,
): Promise<Pick<StoredRun, 'tests' | 'history'>> {
  const key = s3Keys.testsResult(run.project, run.modelVersion, run.runId);
  const testsReport = await optional(readTestsReport(stores.s3, run.bucket, key));
  if (testsReport === undefined) return {};

  const histories = new Map<string, TestHistoryEntry[]>();
  for (const { name } of testsReport.tests) {
    histories.set(
      name,
      await listTestHistory(stores.ddb, stores.table, run.project, name),
    );
  }
  const savedFrom = new Map<string, string>();
  for (const stored of await readTests(stores.s3, run.bucket, run.project)) {
    if ('test' in stored && stored.test.savedFrom !== undefined)
      savedFrom.set(stored.name, stored.test.savedFrom.modelVersion);
  }

  return trackingInput({
    testsReport,
    histories,
    savedFrom,
    uploadedAtEpochMs: run.uploadedAtEpochMs,
  });
}
