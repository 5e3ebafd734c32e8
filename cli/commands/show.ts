import { num, pct, table } from '../format.ts';
import { describeTestResults } from './gate.ts';
import { selectRun, selectionNotes } from '../run-selection.ts';
import { runViewOf, type AggressorView, type RunView } from '../run-view.ts';
import { openStore, type StoreOptions } from '../store.ts';

/**
 * `aggressors show`: the version's latest run, or the one `--run` names. The
 * run is never swapped for another: when the latest did not succeed, a note
 * says which run last did and how to open it (on stderr with `--json`).
 */
export async function showCommand(
  project: string,
  modelVersion: string,
  options: StoreOptions & { json?: boolean; run?: string },
): Promise<void> {
  const store = await openStore(options);
  try {
    const selection = await selectRun(store, project, modelVersion, options.run);
    const view = await runViewOf(store, selection.run);
    const notes = selectionNotes(selection);
    if (options.json) {
      console.log(JSON.stringify(view, null, 2));
      for (const note of notes) process.stderr.write(`note: ${note}\n`);
      return;
    }
    console.log(describeRun(view, notes));
  } finally {
    await store.close();
  }
}

/** The run as text: its status, then `notes`, then its aggressors in a table and in words. */
export function describeRun(view: RunView, notes: readonly string[] = []): string {
  const lines = [
    `${view.project} ${view.modelVersion}  run ${view.runId}  ${view.status}`,
  ];
  if (view.counts) {
    lines.push(
      `samples ${view.counts.samples}  quarantined ${view.counts.quarantined}  ` +
        `failed ${view.counts.failed}  mean loss ${num(view.overall.meanLoss)}  ` +
        `error rate ${pct(view.overall.errorRate)}`,
    );
  }
  if (view.error) lines.push(`error: ${view.error.message}`);
  lines.push(...notes.map((note) => `note: ${note}`));
  if (view.status !== 'succeeded') return lines.join('\n');
  if (view.aggressors.length === 0) {
    lines.push(
      'no aggressors: no group has enough samples, a loss well above the rest ' +
        'and a significant difference (see clustering.clusters in --json for why)',
    );
    lines.push(...trackingLines(view));
    return lines.join('\n');
  }

  const rows = view.aggressors.map((a) => [
    a.rank,
    a.id,
    a.size,
    pct(a.share),
    num(a.meanLoss),
    num(a.lossRatio, 2),
    pct(a.impact),
    ...testedCells(a),
    a.qValue === undefined ? '-' : a.qValue.toExponential(1),
    pct(a.errorRate),
  ]);
  const headers = ['rank', 'id', 'size', 'share', 'mean loss', 'loss ratio', 'impact'];
  // The q-value is the tested region's (docs/analysis.md, "Which samples are
  // tested"): its size and ratio stand beside it.
  const tested = ['tested n', 'tested ratio', 'q-value'];
  lines.push('', table([...headers, ...tested, 'error rate'], rows));
  for (const a of view.aggressors) lines.push('', ...aggressorStory(a));
  lines.push(...trackingLines(view));

  return lines.join('\n');
}

/** Against the previous version: each aggressor new or persisting, the resolved ones, the tests. */
function trackingLines(view: RunView): string[] {
  const lines: string[] = [];
  const matched = view.aggressors.filter((a) => a.match !== undefined);
  // With no previous version every aggressor is "new": nothing to say.
  const compared =
    view.previous !== undefined && view.previous !== null
      ? matched.length > 0
      : matched.some((a) => a.match?.state === 'persisting');
  if (compared || view.resolved.length > 0) {
    const against = view.previous
      ? `${view.previous.modelVersion} (run ${view.previous.runId})`
      : 'the previous version';
    lines.push('', `against ${against}:`);
    for (const { rank, id, match } of matched) {
      lines.push(
        match?.state === 'persisting'
          ? `  ${rank}. ${id} persisting (was ${match.previousId}, overlap ${pct(match.overlap)})`
          : `  ${rank}. ${id} new`,
      );
    }
    for (const r of view.resolved) {
      lines.push(
        `  resolved: ${r.previousId} (size ${r.size}, mean loss ${num(r.meanLoss)})`,
      );
    }
  }
  if (view.tests.length > 0) lines.push('', describeTestResults(view.tests));

  return lines;
}

/** The region its test used; null when the members were tested. */
function testedOf(a: AggressorView): AggressorView['tested'] {
  // Results stored before regions were tested carry no `tested`.
  return (a as Partial<AggressorView>).tested ?? null;
}

/** The tested region's size and loss ratio; '-' when the members were tested. */
function testedCells(a: AggressorView): Array<string | number> {
  const tested = testedOf(a);
  if (!tested) return ['-', '-'];

  return [tested.size, tested.lossRatio === null ? '-' : num(tested.lossRatio, 2)];
}

/** What a reader needs to act on one aggressor, in a few lines. */
function aggressorStory(a: AggressorView): string[] {
  const story = [`${a.rank}. ${a.hypothesis || '(no metadata sets it apart)'}`];
  if (a.rule) {
    story.push(
      `   rule: ${a.rule.text} (covers ${pct(a.rule.coverage)} of it, ` +
        `precision ${pct(a.rule.precision)})`,
    );
  }
  const tested = testedOf(a);
  if (tested) story.push(`   tested:  ${testedText(tested)}`);
  story.push(`   typical: ${a.representatives.typical.join(' ')}`);
  story.push(`   worst:   ${a.representatives.worst.join(' ')}`);
  story.push(`   action:  ${a.action.kind}: ${a.action.reason}`);
  if (a.similarUnlabeled.length > 0) {
    story.push(`   to label: ${a.similarUnlabeled.length} similar pool samples`);
  }

  return story;
}

function testedText(tested: NonNullable<AggressorView['tested']>): string {
  if (tested.size === 0) return 'its region of the embedding is empty: no test';

  return (
    `on its region of ${tested.size} samples (${tested.sharedWithMembers} ` +
    `of them members): ${againstRest(tested.lossRatio)}`
  );
}

function againstRest(ratio: number | null): string {
  return ratio === null
    ? 'a loss where the rest has none'
    : `${ratio.toFixed(1)}x the rest's loss`;
}
