import type { RunError } from '../../shared/aws/runs.ts';

/** RunTests was started on a state that Prepare or Analyze did not complete. */
export class RunTestsStateError extends Error {
  override name = 'RunTestsStateError';

  constructor(runId: string, missing: string) {
    super(
      `run ${runId}: RunTests needs ${missing} in the execution state, got nothing`,
    );
  }
}

/** The manifest names a baseline model version with no run to compare against. */
export class BaselineNotFoundError extends Error {
  override name = 'BaselineNotFoundError';

  constructor(
    /** The manifest's s3:// address. */
    readonly file: string,
    readonly project: string,
    readonly baseline: string,
    /** What the baseline's runs are instead, e.g. "it has no runs". */
    readonly why: string,
  ) {
    super(
      `${file}, field "baseline": no succeeded run of model version ` +
        `${JSON.stringify(baseline)} in project ${JSON.stringify(project)} was ` +
        `uploaded before this run (${why}), so there is no version to compare with`,
    );
  }

  /** For the run record: the manifest, the field and its value (task-errors.ts). */
  toRecord(): RunError {
    return {
      message: this.message,
      file: this.file,
      field: 'baseline',
      value: this.baseline,
    };
  }
}
