import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSpamDemo } from '../../examples/spam-assassin/build.ts';
import { loadSpamEndpoints } from '../../examples/spam-assassin/model-server.ts';
import { startLocalStack } from '../../infra/local/stack.ts';
import { CliError } from '../errors.ts';
import { num, pct, table } from '../format.ts';
import { progressLogger } from '../progress.ts';
import type { RunView } from '../run-view.ts';
import { localWebhookUrl, stateDir } from '../store.ts';
import { runInStack } from './run.ts';
import { describeRun } from './show.ts';

const HARD_HAM = 'hard-ham-1';

/**
 * The lifecycle on real data: SpamAssassin e-mails, a model that saw little
 * hard ham, an upload to the local stack, and the aggressors it finds.
 */
export async function demoCommand(options: { verbose?: boolean }): Promise<void> {
  const progress = progressLogger(options.verbose);
  const dir = stateDir();
  progress.step(`preparing the SpamAssassin demo under ${dir}`);
  const demo = await buildSpamDemo({
    stateDir: dir,
    onProgress: (m) => progress.step(m),
  });
  const bundle = demo.bundles.v1;
  if (bundle === undefined) throw new CliError('the demo build produced no v1 bundle');

  progress.step(
    `starting the local stack from a clean state (earlier runs under ${dir} are removed)`,
  );
  const stack = await startLocalStack({
    stateDir: dir,
    fresh: true,
    endpoints: await loadSpamEndpoints(demo.modelsDir, demo.vocabularyPath),
    webhookUrl: localWebhookUrl(),
    logger: progress.logger,
    onStateEntered: (_, state) => progress.step(`state ${state}`),
  });
  try {
    const view = await runInStack(stack, bundle, progress);
    console.log(describeRun(view));
    if (view.status !== 'succeeded') throw new CliError(`the demo run ${view.status}`);
    console.log(`\n${describeGroups(view, await sampleIdsOf(bundle))}`);
    console.log(
      `\nNext: npx aggressors show spam-assassin v1 --json   (results stay in ${dir})`,
    );
  } finally {
    await stack.close();
  }
}

async function sampleIdsOf(bundleDir: string): Promise<string[]> {
  const text = await readFile(join(bundleDir, 'samples.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

/** Which SpamAssassin groups each aggressor holds: the ids carry the group. */
export function describeGroups(view: RunView, evaluatedIds: string[]): string {
  const evaluatedHardHam = evaluatedIds.filter((id) =>
    id.startsWith(`${HARD_HAM}/`),
  ).length;
  const rows = view.aggressors.slice(0, 5).map((a) => {
    const groups = new Map<string, number>();
    for (const id of a.sampleIds) {
      const group = id.split('/')[0] ?? '';
      groups.set(group, (groups.get(group) ?? 0) + 1);
    }
    const [top, count] = [...groups].sort((x, y) => y[1] - x[1])[0] ?? ['', 0];
    const hardHam = groups.get(HARD_HAM) ?? 0;
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
  const queuedHardHam = queued.filter((id) => id.startsWith(`${HARD_HAM}/`)).length;

  return [
    table(
      ['rank', 'id', 'size', 'loss ratio', 'main group', `holds of all ${HARD_HAM}`],
      rows,
    ),
    `labeling queue: ${queued.length} pool e-mails, ${queuedHardHam} of them ${HARD_HAM}`,
  ].join('\n');
}
