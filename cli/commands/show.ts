import { num, pct, table } from '../format.ts';
import { loadRunView, type RunView } from '../run-view.ts';
import { openStore, type StoreOptions } from '../store.ts';

export async function showCommand(
  project: string,
  modelVersion: string,
  options: StoreOptions & { json?: boolean },
): Promise<void> {
  const store = await openStore(options);
  try {
    const view = await loadRunView(store, project, modelVersion);
    console.log(options.json ? JSON.stringify(view, null, 2) : describeRun(view));
  } finally {
    await store.close();
  }
}

export function describeRun(view: RunView): string {
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
  if (view.status !== 'succeeded') return lines.join('\n');
  if (view.aggressors.length === 0) {
    lines.push('no aggressors: no group does worse than the rest');
    return lines.join('\n');
  }

  const rows = view.aggressors.map((a) => [
    a.rank,
    a.id,
    a.size,
    pct(a.share),
    num(a.meanLoss),
    num(a.lossRatio, 2),
    pct(a.errorRate),
    a.sampleIds.slice(0, 3).join(' ') + (a.sampleIds.length > 3 ? ' …' : ''),
  ]);
  lines.push(
    '',
    table(
      [
        'rank',
        'id',
        'size',
        'share',
        'mean loss',
        'loss ratio',
        'error rate',
        'samples',
      ],
      rows,
    ),
  );
  return lines.join('\n');
}
