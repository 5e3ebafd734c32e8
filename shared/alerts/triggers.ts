/** Which outcomes make a run worth a message, and how a list of them is read. */
import { AlertSettingError } from './errors.ts';
import type { AlertOptions, AlertTrigger } from './types.ts';

export const ALERT_TRIGGERS: readonly AlertTrigger[] = [
  'regressions',
  'failures',
  'new-aggressors',
  'failed-runs',
];

/** Every trigger, impact 0.2 and up is high severity, no sample ids. */
export const DEFAULT_ALERT_OPTIONS: AlertOptions = {
  triggers: ALERT_TRIGGERS,
  minImpact: 0.2,
  includeSamples: false,
};

/**
 * A comma-separated list of triggers (`regressions,failed-runs`), `all`, or
 * `none`. `source` names where the text came from, for the error.
 */
export function parseAlertTriggers(text: string, source: string): AlertTrigger[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 1 && names[0] === 'all') return [...ALERT_TRIGGERS];
  if (names.length === 1 && names[0] === 'none') return [];

  return names.map((name) => {
    if (!isTrigger(name)) {
      const expected = `a comma-separated list of ${ALERT_TRIGGERS.join(', ')}; or all, or none`;
      throw new AlertSettingError(source, name, expected);
    }
    return name;
  });
}

function isTrigger(name: string): name is AlertTrigger {
  return (ALERT_TRIGGERS as readonly string[]).includes(name);
}
