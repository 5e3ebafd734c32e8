/** The tracking area's errors: each names what was needed and what came. */

/** Base error of aggressor tests and their evaluation. */
export class TrackingError extends Error {
  override name = 'TrackingError';
}

/** Where a bad test file is wrong: the file, and the line, field and value. */
export interface TestFileLocation {
  file: string;
  line?: number;
  field?: string;
  value?: unknown;
}

/** A tracking file that cannot be read: its file, line, field and value. */
abstract class TrackingFileError extends TrackingError {
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
  readonly value?: unknown;

  constructor(message: string, where: TestFileLocation, options?: { cause?: unknown }) {
    super(message, options);
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
    this.value = where.value;
  }
}

/** A test definition that cannot be read: its file, line, field and value. */
export class TestDefinitionError extends TrackingFileError {
  override name = 'TestDefinitionError';
}

/** A run's tests result (tests.json) that cannot be read: its file, line, field and value. */
export class TestsReportError extends TrackingFileError {
  override name = 'TestsReportError';
}

/** A test that cannot be evaluated on a run: the test, the run and the reason. */
export class TestEvaluationError extends TrackingError {
  override name = 'TestEvaluationError';

  constructor(
    readonly testName: string,
    readonly runId: string,
    reason: string,
  ) {
    super(`test "${testName}" on run ${runId}: ${reason}`);
  }
}

/** A bad argument to the tracking functions, with the field and the value. */
export class TrackingParameterError extends TrackingError {
  override name = 'TrackingParameterError';

  constructor(
    readonly field: string,
    readonly value: unknown,
    needed: string,
  ) {
    super(`${field} must be ${needed}, got ${JSON.stringify(value) ?? String(value)}`);
  }
}
