/**
 * `aggressors tests save|list|rm`: saved aggressor tests in the bucket
 * (tests/<project>/<name>.json). The functions take a store (the local
 * stack's or AWS's) so the demo can call them too. docs/tracking.md.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RunResults } from '../../functions/analyze/results.ts';
import {
  deleteTest,
  listTestNames,
  putReference,
  putTest,
  readTests,
  type StoredTest,
} from '../../shared/aws/aggressor-tests.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { latestRunOfVersion, type RunRecord } from '../../shared/aws/runs.ts';
import { getJson } from '../../shared/aws/s3-io.ts';
import { readRunEmbeddings, readTrackedRun } from '../../shared/aws/tracked-runs.ts';
import { testNameSchema } from '../../shared/tracking/test-schema.ts';
import {
  testFromAggressor,
  type RegionSource,
  type TestRequest,
} from '../../shared/tracking/test-from-aggressor.ts';
import type { TrackedRun } from '../../shared/tracking/tracked-run.ts';
import { TEST_METRICS } from '../../shared/tracking/types.ts';
import type {
  AggressorTest,
  MembershipKind,
  TestMetric,
} from '../../shared/tracking/types.ts';
import { CliError } from '../errors.ts';
import { num, table } from '../format.ts';
import {
  describeBounds,
  parseNumberOption,
  type NumberBounds,
} from '../number-option.ts';
import { openStore, type StoreOptions } from '../store.ts';

/** What the test functions need of a store: `Store` (cli/store.ts) is one. */
export interface TestStore {
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  bucket: string;
  table: string;
  /** Said when nothing is found. */
  location?: string;
}

export interface SaveTestOptions {
  /** Default `aggressor-<id>`; with `topK`, a prefix: `<name>-<rank>`. */
  name?: string;
  /** Default errorRate for classification, else meanLoss. */
  metric?: TestMetric;
  /** Default 0. */
  maxRegression?: number;
  threshold?: number;
  /** Default: the aggressor's rule when it has one, else its ids. */
  membership?: MembershipKind;
  description?: string;
  nowEpochMs?: number;
}

type SavedAggressor = RunResults['aggressors'][number];

interface SourceRun {
  record: RunRecord;
  aggressors: SavedAggressor[];
  tracked: TrackedRun;
}

/** Saves one aggressor of the version's latest run as a test; `aggressor` is its id or rank. */
export async function saveTest(
  store: TestStore,
  project: string,
  modelVersion: string,
  aggressor: string,
  options: SaveTestOptions = {},
): Promise<AggressorTest> {
  const source = await loadSourceRun(store, project, modelVersion);
  const chosen = findAggressor(source, aggressor);

  return saveFrom(
    store,
    source,
    chosen,
    options.name ?? `aggressor-${chosen.id}`,
    options,
  );
}

/** Saves the top `k` aggressors of the version's latest run, one test each. */
export async function saveTopTests(
  store: TestStore,
  project: string,
  modelVersion: string,
  k: number,
  options: SaveTestOptions = {},
): Promise<AggressorTest[]> {
  if (!Number.isInteger(k) || k < 1) {
    throw new CliError(`--top-k must be a whole number of at least 1, got ${k}`);
  }
  const source = await loadSourceRun(store, project, modelVersion);

  const saved: AggressorTest[] = [];
  for (const chosen of source.aggressors.slice(0, k)) {
    const name = options.name
      ? `${options.name}-${chosen.rank}`
      : `aggressor-${chosen.id}`;
    saved.push(await saveFrom(store, source, chosen, name, options));
  }

  return saved;
}

export async function listTests(
  store: TestStore,
  project: string,
): Promise<StoredTest[]> {
  return readTests(store.s3, store.bucket, project);
}

/** Removes a test and its reference embeddings; false when there was no such test. */
export async function removeTest(
  store: TestStore,
  project: string,
  name: string,
): Promise<boolean> {
  const names = await listTestNames(store.s3, store.bucket, project);
  if (!names.includes(name)) return false;

  await deleteTest(store.s3, store.bucket, project, name);
  return true;
}

async function loadSourceRun(
  store: TestStore,
  project: string,
  modelVersion: string,
): Promise<SourceRun> {
  const record = await latestRunOfVersion(
    store.ddb,
    store.table,
    project,
    modelVersion,
  );
  if (record === undefined) {
    throw new CliError(
      `no run of project "${project}" model version "${modelVersion}" in ` +
        `${store.location ?? `table ${store.table}`}`,
    );
  }
  if (record.status !== 'succeeded' || record.resultsKey === undefined) {
    throw new CliError(
      `run ${record.runId} of ${project} ${modelVersion} is ${record.status}: ` +
        'a test is saved from a succeeded run',
    );
  }
  const results = await getJson<Pick<RunResults, 'aggressors'>>(
    store.s3,
    store.bucket,
    record.resultsKey,
  );

  return {
    record,
    aggressors: results.aggressors,
    tracked: await readTrackedRun(store.s3, store.bucket, record),
  };
}

function findAggressor(source: SourceRun, wanted: string): SavedAggressor {
  const byRank = /^\d+$/.test(wanted) ? Number(wanted) : undefined;
  const found = source.aggressors.find((a) => a.id === wanted || a.rank === byRank);
  if (found === undefined) {
    const known = source.aggressors.map((a) => `${a.rank}:${a.id}`).join(', ');
    throw new CliError(
      `no aggressor "${wanted}" in run ${source.record.runId} ` +
        `(by rank:id: ${known || 'the run has no aggressors'})`,
    );
  }

  return found;
}

async function saveFrom(
  store: TestStore,
  source: SourceRun,
  chosen: SavedAggressor,
  name: string,
  options: SaveTestOptions,
): Promise<AggressorTest> {
  const request = testRequest(name, chosen, options);
  const { project, modelVersion, runId } = source.record;
  const region =
    request.membership === 'region'
      ? await regionSource(store, project, name, runId)
      : undefined;
  const savedFrom = {
    project,
    modelVersion,
    runId,
    aggressorId: chosen.id,
    savedAtEpochMs: options.nowEpochMs ?? Date.now(),
  };

  const test = testFromAggressor(chosen, source.tracked, request, savedFrom, region);
  if (region !== undefined) {
    await putReference(store.s3, store.bucket, region.embeddingsKey, region.reference);
  }
  await putTest(store.s3, store.bucket, project, test);

  return test;
}

function testRequest(
  name: string,
  chosen: SavedAggressor,
  options: SaveTestOptions,
): TestRequest {
  const parsedName = testNameSchema.safeParse(name);
  if (!parsedName.success) {
    throw new CliError(
      `--name ${JSON.stringify(name)}: ${parsedName.error.issues[0]?.message}`,
    );
  }
  const maxRegression = options.maxRegression ?? 0;
  if (!(maxRegression >= 0) || !Number.isFinite(maxRegression)) {
    throw new CliError(
      `--max-regression must be a number >= 0, got ${options.maxRegression}`,
    );
  }
  const metric =
    options.metric ?? (chosen.errorRate === null ? 'meanLoss' : 'errorRate');
  checkThreshold(options.threshold, metric);

  return {
    name,
    metric,
    maxRegression,
    ...(options.threshold !== undefined && { threshold: options.threshold }),
    ...(options.membership !== undefined && { membership: options.membership }),
    ...(options.description !== undefined && { description: options.description }),
  };
}

/** A loss is >= 0; an error rate or accuracy lies between 0 and 1. */
function checkThreshold(threshold: number | undefined, metric: TestMetric): void {
  if (threshold === undefined) return;
  const atMost = metric === 'meanLoss' ? Infinity : 1;
  if (threshold >= 0 && threshold <= atMost) return;

  const bounds = metric === 'meanLoss' ? { atLeast: 0 } : { atLeast: 0, atMost };
  throw new CliError(
    `--threshold for ${metric} must be ${describeBounds(bounds)}, got ${threshold}`,
  );
}

async function regionSource(
  store: TestStore,
  project: string,
  name: string,
  runId: string,
): Promise<RegionSource> {
  const reference = await readRunEmbeddings(store.s3, store.bucket, runId);
  if (reference.size === 0) {
    throw new CliError(
      `run ${runId} has no embeddings left under work/${runId}/outputs/ (work/ expires): ` +
        'a region test needs them; save it with --membership rule or ids',
    );
  }

  return { reference, embeddingsKey: s3Keys.testReference(project, name) };
}

/** The options as commander gives them: strings. */
export interface TestsSaveFlags extends StoreOptions {
  name?: string;
  metric?: string;
  maxRegression?: string;
  threshold?: string;
  membership?: string;
  description?: string;
  topK?: string;
}

export async function testsSaveCommand(
  project: string,
  modelVersion: string,
  aggressor: string | undefined,
  flags: TestsSaveFlags,
): Promise<void> {
  const options = saveOptionsOf(flags);
  if ((aggressor === undefined) === (flags.topK === undefined)) {
    throw new CliError(
      'give either an aggressor (its id or rank) or --top-k N, not both',
    );
  }
  const topK = optionalNumber('--top-k', flags.topK, { integer: true, atLeast: 1 });
  const store = await openStore(flags);
  try {
    const saved =
      topK !== undefined
        ? await saveTopTests(store, project, modelVersion, topK, options)
        : [await saveTest(store, project, modelVersion, aggressor as string, options)];
    for (const test of saved) console.log(describeSaved(project, test));
    if (topK !== undefined && saved.length < topK) {
      console.log(
        `saved ${saved.length} of the ${topK} asked for: the run of ${project} ` +
          `${modelVersion} has only ${saved.length} aggressor${saved.length === 1 ? '' : 's'}`,
      );
    }
  } finally {
    await store.close();
  }
}

function saveOptionsOf(flags: TestsSaveFlags): SaveTestOptions {
  const metric = flags.metric;
  if (metric !== undefined && !TEST_METRICS.includes(metric as TestMetric)) {
    throw new CliError(
      `--metric must be one of ${TEST_METRICS.join(', ')}, got "${metric}"`,
    );
  }
  const membership = flags.membership;
  if (membership !== undefined && !['ids', 'rule', 'region'].includes(membership)) {
    throw new CliError(`--membership must be ids, rule or region, got "${membership}"`);
  }

  const threshold = optionalNumber('--threshold', flags.threshold, { atLeast: 0 });
  if (metric !== undefined) checkThreshold(threshold, metric as TestMetric);

  return {
    name: flags.name,
    metric: metric as TestMetric | undefined,
    maxRegression: optionalNumber('--max-regression', flags.maxRegression, {
      atLeast: 0,
    }),
    threshold,
    membership: membership as MembershipKind | undefined,
    description: flags.description,
  };
}

function optionalNumber(
  option: string,
  text: string | undefined,
  bounds: NumberBounds,
): number | undefined {
  return text === undefined ? undefined : parseNumberOption(option, text, bounds);
}

export function describeSaved(project: string, test: AggressorTest): string {
  return (
    `saved test "${test.name}" (${test.membership.kind}, ${test.metric} ` +
    `${num(test.savedValue)} when saved) to ${s3Keys.testDefinition(project, test.name)}`
  );
}

export async function testsListCommand(
  project: string,
  flags: StoreOptions,
): Promise<void> {
  const store = await openStore(flags);
  try {
    const stored = await listTests(store, project);
    console.log(
      stored.length === 0
        ? `no saved tests of project "${project}" in ${store.location}`
        : describeTests(stored),
    );
  } finally {
    await store.close();
  }
}

export function describeTests(stored: readonly StoredTest[]): string {
  const rows = stored.map((s) =>
    'error' in s
      ? [s.name, 'unreadable', '-', '-', '-', '-', s.error.message]
      : [
          s.name,
          s.test.membership.kind,
          s.test.metric,
          num(s.test.savedValue),
          num(s.test.maxRegression),
          num(s.test.threshold),
          s.test.savedFrom
            ? `${s.test.savedFrom.modelVersion} ${s.test.savedFrom.aggressorId ?? ''}`
            : '',
        ],
  );

  return table(
    ['name', 'membership', 'metric', 'saved', 'max regression', 'threshold', 'from'],
    rows,
  );
}

export async function testsRmCommand(
  project: string,
  name: string,
  flags: StoreOptions,
): Promise<void> {
  const store = await openStore(flags);
  try {
    if (!(await removeTest(store, project, name))) {
      throw new CliError(
        `no saved test "${name}" of project "${project}" in ${store.location}`,
      );
    }
    console.log(`removed test "${name}" of project "${project}"`);
  } finally {
    await store.close();
  }
}
