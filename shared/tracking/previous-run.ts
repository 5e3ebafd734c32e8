/**
 * The version a run is compared with. By default: the project's last
 * succeeded run of another model version uploaded before this version was
 * *first* uploaded, so a retry of a version (a re-upload, a CI retry, even
 * after newer versions came) is compared with what its first run was, never
 * with itself or a later version. With a manifest `baseline`: the last
 * succeeded run of that model version uploaded before this run. Ties in
 * upload time fall back to the run id, as the run list orders them.
 */
export interface RunAtUpload {
  runId: string;
  modelVersion: string;
  status: string;
  uploadedAtEpochMs: number;
}

export function previousRunOf<T extends RunAtUpload>(
  runs: readonly T[],
  current: Pick<RunAtUpload, 'runId' | 'modelVersion' | 'uploadedAtEpochMs'>,
  baseline?: string,
): T | undefined {
  const before = baseline === undefined ? firstUploadOf(runs, current) : current;
  const earlier = runs.filter(
    (run) =>
      run.status === 'succeeded' &&
      run.runId !== current.runId &&
      run.modelVersion !== current.modelVersion &&
      (baseline === undefined || run.modelVersion === baseline) &&
      compareUpload(run, before) < 0,
  );

  return [...earlier].sort(compareUpload).at(-1);
}

/** The earliest upload of the current run's model version (this run, if first). */
function firstUploadOf(
  runs: readonly RunAtUpload[],
  current: Pick<RunAtUpload, 'runId' | 'modelVersion' | 'uploadedAtEpochMs'>,
): Pick<RunAtUpload, 'runId' | 'uploadedAtEpochMs'> {
  const sameVersion = runs.filter((run) => run.modelVersion === current.modelVersion);

  return [current, ...sameVersion].sort(compareUpload)[0] as typeof current;
}

/**
 * What became of a baseline version's runs, for a message that it has none
 * to compare with: "it has no runs", or "its runs: 1 running, 1 failed; …".
 */
export function baselineRunsSummary(
  runs: readonly Pick<RunAtUpload, 'modelVersion' | 'status'>[],
  baseline: string,
): string {
  const ofBaseline = runs.filter((run) => run.modelVersion === baseline);
  if (ofBaseline.length === 0) return 'it has no runs';
  const byStatus = new Map<string, number>();
  for (const run of ofBaseline)
    byStatus.set(run.status, (byStatus.get(run.status) ?? 0) + 1);
  const statuses = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');

  return `its runs: ${statuses}; a succeeded one must be uploaded before this one`;
}

function compareUpload(
  a: Pick<RunAtUpload, 'runId' | 'uploadedAtEpochMs'>,
  b: Pick<RunAtUpload, 'runId' | 'uploadedAtEpochMs'>,
): number {
  const delta = a.uploadedAtEpochMs - b.uploadedAtEpochMs;

  return delta !== 0 ? delta : a.runId.localeCompare(b.runId);
}
