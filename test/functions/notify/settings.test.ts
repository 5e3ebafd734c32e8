import { describe, expect, it } from 'vitest';
import { alertOptionsFromEnv } from '../../../functions/notify/settings.ts';

describe('Function: alertOptionsFromEnv', () => {
  it('reads the triggers, the impact threshold and whether samples are shown', () => {
    const env = {
      ALERT_ON: 'regressions,failed-runs',
      ALERT_MIN_IMPACT: '0.3',
      ALERT_INCLUDE_SAMPLES: 'true',
    };

    expect(alertOptionsFromEnv(env)).toEqual({
      triggers: ['regressions', 'failed-runs'],
      minImpact: 0.3,
      includeSamples: true,
    });
  });

  it('leaves unset variables to the defaults', () => {
    expect(alertOptionsFromEnv({ ALERT_ON: ' ' })).toEqual({});
  });

  it('throws naming the variable and its value', () => {
    expect(() => alertOptionsFromEnv({ ALERT_MIN_IMPACT: '20%' })).toThrow(
      'ALERT_MIN_IMPACT: expected a number from 0 to 1, got "20%"',
    );
    expect(() =>
      alertOptionsFromEnv({ AGGRESSORS_ALERT_INCLUDE_SAMPLES: 'yes' }, 'AGGRESSORS_'),
    ).toThrow('AGGRESSORS_ALERT_INCLUDE_SAMPLES: expected true or false, got "yes"');
  });
});
