/**
 * The manifest's `baseline`, checked before anything is uploaded: a version
 * with no runs at all (a typo, most likely) stops the command, so no
 * inference is paid for a run that would fail at its tests; a baseline still
 * running or failed only warns, since it may succeed before this run's tests.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { listRuns } from '../shared/aws/runs.ts';
import type { Manifest } from '../shared/bundle/types.ts';
import { baselineRunsSummary } from '../shared/tracking/previous-run.ts';
import { CliError } from './errors.ts';

export async function checkBaseline(
  store: { ddb: DynamoDBDocumentClient; table: string; location: string },
  manifest: Pick<Manifest, 'project' | 'modelVersion' | 'baseline'>,
  /** The manifest file, as messages name it. */
  file: string,
  warn: (message: string) => void,
): Promise<void> {
  const { baseline, project } = manifest;
  if (baseline === undefined) return;
  const runs = await listRuns(store.ddb, store.table, project);
  const ofBaseline = runs.filter((run) => run.modelVersion === baseline);
  if (ofBaseline.length === 0) {
    throw new CliError(
      `${file}, field "baseline": model version ${JSON.stringify(baseline)} has ` +
        `no runs in project ${JSON.stringify(project)} (${store.location}); run it ` +
        'first, or correct the name',
    );
  }
  if (!ofBaseline.some((run) => run.status === 'succeeded')) {
    warn(
      `baseline ${baseline} has no succeeded run yet (${baselineRunsSummary(runs, baseline)}); ` +
        'this run fails if none has succeeded when its tests are evaluated',
    );
  }
}
