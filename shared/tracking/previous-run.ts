/**
 * The previous version of a run: the project's last succeeded run uploaded
 * before it. Ties in upload time fall back to the run id, as the run list
 * orders them.
 */
export interface RunAtUpload {
  runId: string;
  status: string;
  uploadedAtEpochMs: number;
}

export function previousRunOf<T extends RunAtUpload>(
  runs: readonly T[],
  current: Pick<RunAtUpload, 'runId' | 'uploadedAtEpochMs'>,
): T | undefined {
  const earlier = runs.filter(
    (run) =>
      run.status === 'succeeded' &&
      run.runId !== current.runId &&
      compareUpload(run, current) < 0,
  );

  return [...earlier].sort(compareUpload).at(-1);
}

function compareUpload(
  a: Pick<RunAtUpload, 'runId' | 'uploadedAtEpochMs'>,
  b: Pick<RunAtUpload, 'runId' | 'uploadedAtEpochMs'>,
): number {
  const delta = a.uploadedAtEpochMs - b.uploadedAtEpochMs;

  return delta !== 0 ? delta : a.runId.localeCompare(b.runId);
}
