import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addModelVersion, openSpamDemo } from '../../examples/spam-assassin/build.ts';
import type { SpamDemoWorkspace } from '../../examples/spam-assassin/build.ts';
import {
  findHardHamAggressor,
  HARD_HAM_GROUP,
} from '../../examples/spam-assassin/hard-ham-aggressor.ts';
import { queuedSampleIds } from '../../examples/spam-assassin/labeling-queue.ts';
import { lifecycleProblems } from '../../examples/spam-assassin/lifecycle-check.ts';
import type { VersionOutcome } from '../../examples/spam-assassin/lifecycle-check.ts';
import { spamEndpointHost } from '../../examples/spam-assassin/endpoint-host.ts';
import type { SpamEndpointHost } from '../../examples/spam-assassin/endpoint-host.ts';
import { MODEL_VERSIONS } from '../../examples/spam-assassin/model-versions.ts';
import { startLocalStack } from '../../infra/local/stack.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { getText } from '../../shared/aws/s3-io.ts';
import { readTestsReport } from '../../shared/aws/tests-report.ts';
import { checkBlockKitLimits } from '../../shared/alerts/block-kit-limits.ts';
import type { TestResult } from '../../shared/tracking/types.ts';
import { CliError } from '../errors.ts';
import { num, pct, table } from '../format.ts';
import { progressLogger } from '../progress.ts';
import type { Progress } from '../progress.ts';
import type { RunView } from '../run-view.ts';
import { localAlertSettings, stateDir } from '../store.ts';
import { describeGate, gate } from './gate.ts';
import { runInStack } from './run.ts';
import { saveTest } from './tests.ts';
import { describeRun } from './show.ts';

/** The test the demo saves from v1's hard-ham aggressor. */
export const HARD_HAM_TEST = {
  name: 'hard-ham',
  metric: 'errorRate',
  /** Five points of error rate. */
  maxRegression: 0.05,
  description: "v1's hard-ham aggressor: commercial HTML newsletters taken for spam",
} as const;

/** One version's run, the hard-ham test in it, and what the lifecycle checks. */
interface VersionRun {
  view: RunView;
  test?: TestResult;
  outcome: VersionOutcome;
}

/** What the demo needs while it runs the versions one after the other. */
interface DemoContext {
  workspace: SpamDemoWorkspace;
  host: SpamEndpointHost;
  stack: LocalStack;
  progress: Progress;
}

/**
 * The lifecycle on real data: SpamAssassin e-mails; v1, a model that saw
 * little hard ham, and the aggressors its run finds; v2, trained with the
 * pool e-mails v1's run queued for labeling; v3, trained from users' spam
 * reports. Exits non-zero when the lifecycle does not behave as described.
 */
export async function demoCommand(options: { verbose?: boolean }): Promise<void> {
  const progress = progressLogger(options.verbose);
  const dir = stateDir();
  progress.step(`preparing the SpamAssassin demo under ${dir}`);
  const workspace = await openSpamDemo({
    stateDir: dir,
    onProgress: (m) => progress.step(m),
  });
  const host = spamEndpointHost(
    Object.values(MODEL_VERSIONS).map((spec) => spec.endpoint),
    workspace.data.vocabulary,
  );

  progress.step(
    `starting the local stack from a clean state (earlier runs under ${dir} are removed)`,
  );
  const stack = await startLocalStack({
    stateDir: dir,
    fresh: true,
    endpoints: host.endpoints,
    ...localAlertSettings(),
    logger: progress.logger,
    onStateEntered: (_, state) => progress.step(`state ${state}`),
  });
  try {
    await runLifecycle({ workspace, host, stack, progress });
    console.log(
      '\nThe lifecycle behaved as expected. Next: npx aggressors gate spam-assassin v3,' +
        ` npx aggressors show spam-assassin v3 --json   (results stay in ${dir})`,
    );
  } finally {
    await stack.close();
  }
}

async function runLifecycle(context: DemoContext): Promise<void> {
  const v1 = await runVersion(context, 'v1');
  console.log(`\n${describeRun(v1.view)}`);
  console.log(`\n${describeGroups(v1.view, context.workspace.data.splits.evaluation)}`);
  const hardHam = findHardHamAggressor(v1.view.aggressors);
  if (hardHam === undefined) {
    throw new CliError(`v1's run found no aggressor made mostly of ${HARD_HAM_GROUP}`);
  }

  await saveHardHamTest(context, v1.view, hardHam);
  const queue = await labelingQueueOf(context.stack, v1.view);
  console.log(
    `v2 learns the ${queue.length} pool e-mails v1's run queued, with their true labels`,
  );
  const v2 = await runVersion(context, 'v2', queue);
  const v3 = await runVersion(context, 'v3', queue);

  for (const run of [v2, v3]) await gateVersion(context, run);
  console.log(`\n${describeLifecycle([v1, v2, v3])}`);
  const problems = lifecycleProblems({
    v1: v1.outcome,
    v2: v2.outcome,
    v3: v3.outcome,
  });
  if (problems.length > 0) {
    throw new CliError(
      `the lifecycle did not behave as expected:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/** Trains a version, deploys it to its endpoint, uploads its bundle and waits. */
async function runVersion(
  context: DemoContext,
  modelVersion: string,
  labeledQueue: readonly string[] = [],
): Promise<VersionRun> {
  const { workspace, host, stack, progress } = context;
  await addModelVersion(workspace, modelVersion, labeledQueue, progress.step);
  const endpoint = workspace.demo.endpoints[modelVersion] ?? '';
  await host.deploy(path.join(workspace.demo.modelsDir, `${endpoint}.json`));

  const sink = stack.deps.config.localSinkDir === undefined ? null : stack.alertsFile;
  const alertsBefore = sink === null ? 0 : (await sinkMessages(sink)).length;
  const bundle = workspace.demo.bundles[modelVersion] ?? '';
  const view = await runInStack(stack, bundle, progress);
  if (view.status !== 'succeeded') {
    console.log(describeRun(view));
    throw new CliError(`the demo run of ${modelVersion} ${view.status}`);
  }

  const test = await hardHamTestResult(stack, view);
  console.log(
    `\n${modelVersion}: accuracy ${pct(view.overall.accuracy)}, ${describeTest(test)}`,
  );
  return {
    view,
    ...(test !== undefined && { test }),
    outcome: {
      modelVersion,
      accuracy: view.overall.accuracy,
      ...(test !== undefined && { testStatus: test.status }),
      ...(sink === null ? { alerts: null } : await alertsSince(sink, alertsBefore)),
    },
  };
}

/** Saves the aggressor as the hard-ham test (on its metadata rule, tracking's default). */
async function saveHardHamTest(
  context: DemoContext,
  view: RunView,
  aggressor: RunView['aggressors'][number],
): Promise<void> {
  const test = await saveTest(
    context.stack.storage,
    view.project,
    view.modelVersion,
    aggressor.id,
    HARD_HAM_TEST,
  );
  const membership =
    test.membership.kind === 'rule'
      ? `rule ${test.membership.text}`
      : test.membership.kind;
  console.log(
    `\nsaved aggressor ${aggressor.id} (rank ${aggressor.rank}) as test ${test.name}: ` +
      `${membership}, ${test.metric} ${pct(test.savedValue)} in ${view.modelVersion}`,
  );
}

/** The hard-ham test's result in the run's tests.json; undefined before it is saved. */
async function hardHamTestResult(
  stack: LocalStack,
  view: RunView,
): Promise<TestResult | undefined> {
  const key = s3Keys.testsResult(view.project, view.modelVersion, view.runId);
  const report = await readTestsReport(stack.storage.s3, stack.storage.bucket, key);

  return report.tests.find((test) => test.name === HARD_HAM_TEST.name);
}

/** `hard-ham improved: error rate 29.3% → 0.0% (−29.3 points, 95% CI …)`. */
export function describeTest(test: TestResult | undefined): string {
  if (test === undefined) return `no ${HARD_HAM_TEST.name} test yet`;
  const ci =
    test.interval === null
      ? ''
      : `, 95% CI ${points(test.interval[0])} to ${points(test.interval[1])}`;
  const change =
    test.difference === null ? '' : ` (${points(test.difference)} points${ci})`;

  return `${test.name} ${test.status}: ${test.metric ?? 'metric'} ${pct(test.previousValue)} → ${pct(test.value)}${change}`;
}

function points(share: number): string {
  const value = (share * 100).toFixed(1);

  return share > 0 ? `+${value}` : value;
}

/** The pool ids in the run's labeling queue (a Ground Truth input manifest). */
async function labelingQueueOf(stack: LocalStack, view: RunView): Promise<string[]> {
  const queue = view['labelingQueue'] as { key?: unknown } | undefined;
  if (typeof queue?.key !== 'string') {
    throw new CliError(
      `run ${view.runId} of ${view.modelVersion} wrote no labeling queue`,
    );
  }
  const { s3, bucket } = stack.storage;

  return queuedSampleIds(await getText(s3, bucket, queue.key), queue.key);
}

/** The messages the local sink holds, one JSON line each; none before the first. */
async function sinkMessages(file: string): Promise<unknown[]> {
  try {
    const text = await readFile(file, 'utf8');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** How many messages arrived after the first `before`, and their Block Kit problems. */
async function alertsSince(file: string, before: number) {
  const messages = (await sinkMessages(file)).slice(before);

  return {
    alerts: messages.length,
    alertProblems: messages.flatMap((message) => checkBlockKitLimits(message)),
  };
}

/** Runs the gate on a version as `aggressors gate` would, and prints it. */
async function gateVersion(context: DemoContext, run: VersionRun): Promise<void> {
  const { project, modelVersion } = run.view;
  const result = await gate(context.stack.storage, project, modelVersion);
  console.log(
    `\n$ aggressors gate ${project} ${modelVersion}   (exit ${result.exitCode})`,
  );
  console.log(describeGate(project, modelVersion, result));
  run.outcome.gateExitCode = result.exitCode;
}

/** One line per version: overall accuracy, the test, the gate and alerts. */
export function describeLifecycle(runs: readonly Omit<VersionRun, 'view'>[]): string {
  const rows = runs.map(({ outcome, test }) => [
    outcome.modelVersion,
    pct(outcome.accuracy),
    test?.status ?? '-',
    test === undefined ? '-' : `${pct(test.previousValue)} → ${pct(test.value)}`,
    test?.interval ? `${points(test.interval[0])} to ${points(test.interval[1])}` : '-',
    outcome.gateExitCode === undefined ? '-' : String(outcome.gateExitCode),
    outcome.alerts ?? 'to the webhook',
  ]);
  const headers = ['version', 'accuracy', `${HARD_HAM_TEST.name} test`];

  return table(
    [...headers, 'error rate before → after', '95% CI (points)', 'gate exit', 'alerts'],
    rows,
  );
}

/** Which SpamAssassin groups each aggressor holds: the ids carry the group. */
export function describeGroups(view: RunView, evaluatedIds: readonly string[]): string {
  const evaluatedHardHam = evaluatedIds.filter((id) =>
    id.startsWith(`${HARD_HAM_GROUP}/`),
  ).length;
  const rows = view.aggressors.slice(0, 5).map((a) => {
    const groups = new Map<string, number>();
    for (const id of a.sampleIds) {
      const group = id.split('/')[0] ?? '';
      groups.set(group, (groups.get(group) ?? 0) + 1);
    }
    const [top, count] = [...groups].sort((x, y) => y[1] - x[1])[0] ?? ['', 0];
    const hardHam = groups.get(HARD_HAM_GROUP) ?? 0;
    return [
      a.rank,
      a.id,
      a.size,
      num(a.lossRatio, 2),
      `${top} ${pct(count / a.size)}`,
      evaluatedHardHam > 0 ? pct(hardHam / evaluatedHardHam) : '-',
    ];
  });

  const queued = view.aggressors.flatMap((a) => a.similarUnlabeled.map((s) => s.id));
  const queuedHardHam = queued.filter((id) =>
    id.startsWith(`${HARD_HAM_GROUP}/`),
  ).length;

  return [
    table(
      [
        'rank',
        'id',
        'size',
        'loss ratio',
        'main group',
        `holds of all ${HARD_HAM_GROUP}`,
      ],
      rows,
    ),
    `labeling queue: ${queued.length} pool e-mails, ${queuedHardHam} of them ${HARD_HAM_GROUP}`,
  ].join('\n');
}
