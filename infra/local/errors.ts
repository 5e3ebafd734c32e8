/** Errors of the local stack; each names the folder or table it is about. */

export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

/** A new local table did not become ACTIVE within the wait allowed. */
export class LocalTableNotActiveError extends LocalStackError {
  override name = 'LocalTableNotActiveError';

  constructor(
    readonly table: string,
    readonly maxWaitSeconds: number,
    options: { cause?: unknown } = {},
  ) {
    super(`local table ${table} was not ACTIVE within ${maxWaitSeconds} s`, options);
  }
}

/** Another live process holds the local state folder's lock. */
export class LocalStateInUseError extends LocalStackError {
  override name = 'LocalStateInUseError';

  constructor(
    readonly stateDir: string,
    readonly lockFile: string,
    readonly holderPid: number,
  ) {
    super(
      `the local state in ${stateDir} is in use by another aggressors command ` +
        `(pid ${holderPid}); wait for it to end. If no aggressors command is ` +
        `running, remove ${lockFile}.`,
    );
  }
}
