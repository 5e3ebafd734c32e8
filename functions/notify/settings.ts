/**
 * The alert settings of the notify Lambda, from its environment, read once
 * per cold start: ALERT_ON (a comma-separated list of regressions, failures,
 * new-aggressors, failed-runs; or all, or none), ALERT_MIN_IMPACT (a number
 * in [0, 1]) and ALERT_INCLUDE_SAMPLES (true or false). Unset: the defaults
 * of shared/alerts/triggers.ts. SLACK_URL and WEBHOOK_SIGNING_SECRET stand
 * in for the secret's fields when no secret is named (tests, local runs).
 */
import { AlertSettingError } from '../../shared/alerts/errors.ts';
import { parseAlertTriggers } from '../../shared/alerts/triggers.ts';
import type { AlertOptions } from '../../shared/alerts/types.ts';
import { optionalEnv } from '../../shared/aws/env.ts';
import type { Env } from '../../shared/aws/env.ts';

export function alertOptionsFromEnv(env: Env, prefix = ''): Partial<AlertOptions> {
  const options: Partial<AlertOptions> = {};
  const on = optionalEnv(env, `${prefix}ALERT_ON`);
  if (on !== undefined) options.triggers = parseAlertTriggers(on, `${prefix}ALERT_ON`);
  const minImpact = optionalEnv(env, `${prefix}ALERT_MIN_IMPACT`);
  if (minImpact !== undefined) {
    options.minImpact = shareOf(minImpact, `${prefix}ALERT_MIN_IMPACT`);
  }
  const samples = optionalEnv(env, `${prefix}ALERT_INCLUDE_SAMPLES`);
  if (samples !== undefined) {
    options.includeSamples = booleanOf(samples, `${prefix}ALERT_INCLUDE_SAMPLES`);
  }

  return options;
}

function shareOf(text: string, source: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new AlertSettingError(source, text, 'a number from 0 to 1');
  }

  return value;
}

function booleanOf(text: string, source: string): boolean {
  if (text === 'true' || text === 'false') return text === 'true';

  throw new AlertSettingError(source, text, 'true or false');
}
