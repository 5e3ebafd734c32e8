import { describe, expect, it } from 'vitest';
import { AlertSettingError } from '../../../shared/alerts/errors.ts';
import { ALERT_TRIGGERS, parseAlertTriggers } from '../../../shared/alerts/triggers.ts';

describe('Function: parseAlertTriggers', () => {
  it('reads a comma-separated list, all and none', () => {
    expect(parseAlertTriggers(' regressions, failed-runs ', 'X')).toEqual([
      'regressions',
      'failed-runs',
    ]);
    expect(parseAlertTriggers('all', 'X')).toEqual(ALERT_TRIGGERS);
    expect(parseAlertTriggers('none', 'X')).toEqual([]);
  });

  it('throws naming the setting and the unknown value', () => {
    const act = () => parseAlertTriggers('regressions,typos', 'AGGRESSORS_ALERT_ON');

    expect(act).toThrow(AlertSettingError);
    expect(act).toThrow(
      'AGGRESSORS_ALERT_ON: expected a comma-separated list of regressions, failures, ' +
        'new-aggressors, failed-runs; or all, or none, got "typos"',
    );
  });
});
