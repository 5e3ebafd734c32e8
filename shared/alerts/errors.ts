/** Errors of the alerts area: bad settings, named with where they came from. */
export class AlertsError extends Error {
  override name = 'AlertsError';
}

/** A setting (an environment variable, a flag, a secret field) is malformed. */
export class AlertSettingError extends AlertsError {
  override name = 'AlertSettingError';

  constructor(
    readonly source: string,
    readonly value: string,
    expected: string,
  ) {
    super(`${source}: expected ${expected}, got ${JSON.stringify(value)}`);
  }
}
