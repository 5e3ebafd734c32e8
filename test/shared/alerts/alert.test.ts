import { describe, expect, it } from 'vitest';
import { alertFor } from '../../../shared/alerts/alert.ts';
import { deliveryIdOf } from '../../../shared/alerts/delivery-id.ts';
import { DEFAULT_ALERT_OPTIONS } from '../../../shared/alerts/triggers.ts';
import type { AlertOptions } from '../../../shared/alerts/types.ts';
import { alertInput, newAggressor, regression } from './alert-fixtures.ts';

const only = (...triggers: AlertOptions['triggers']): AlertOptions => ({
  ...DEFAULT_ALERT_OPTIONS,
  triggers,
});

describe('Function: alertFor', () => {
  it('returns nothing for a run whose tests pass or improve and with no new aggressor', () => {
    const input = alertInput({
      tests: [
        regression({ status: 'improved' }),
        regression({ status: 'pass' }),
        regression({ status: 'not-applicable', value: null }),
      ],
    });

    expect(alertFor(input, DEFAULT_ALERT_OPTIONS)).toBeUndefined();
  });

  it('flags regressed tests under "regressions" and failed or errored ones under "failures"', () => {
    const input = alertInput({
      tests: [
        regression({ name: 'r' }),
        regression({ name: 'f', status: 'fail' }),
        regression({ name: 'e', status: 'error' }),
      ],
    });

    const names = (options: AlertOptions) =>
      alertFor(input, options)?.attention.tests.map((t) => t.name);

    expect(names(DEFAULT_ALERT_OPTIONS)).toEqual(['r', 'f', 'e']);
    expect(names(only('regressions'))).toEqual(['r']);
    expect(names(only('failures'))).toEqual(['f', 'e']);
    expect(alertFor(input, only('new-aggressors', 'failed-runs'))).toBeUndefined();
  });

  it('flags only new aggressors of high severity (impact at least minImpact), by rank', () => {
    const input = alertInput({
      tests: [],
      newAggressors: [
        newAggressor({ id: 'low', rank: 1, impact: 0.19 }),
        newAggressor({ id: 'edge', rank: 3, impact: 0.2 }),
        newAggressor({ id: 'high', rank: 2, impact: 0.5 }),
      ],
    });

    const alert = alertFor(input, DEFAULT_ALERT_OPTIONS);

    expect(alert?.attention.newAggressors.map((a) => a.id)).toEqual(['high', 'edge']);
    expect(
      alertFor(input, { ...DEFAULT_ALERT_OPTIONS, minImpact: 0.6 }),
    ).toBeUndefined();
  });

  it('flags a failed run unless failed runs are left out', () => {
    const input = alertInput({ tests: [] });
    input.run = { ...input.run, status: 'failed', accuracy: null, error: 'boom' };

    expect(alertFor(input, DEFAULT_ALERT_OPTIONS)?.attention.runFailed).toBe(true);
    expect(alertFor(input, only('regressions', 'failures'))).toBeUndefined();
  });

  it('gives the Slack and webhook bodies the same delivery id, derived from the run', () => {
    const alert = alertFor(alertInput(), DEFAULT_ALERT_OPTIONS);

    expect(alert?.deliveryId).toBe(deliveryIdOf('spam-v3-abc', 'succeeded'));
    expect(alert?.webhook).toEqual({
      schemaVersion: 1,
      deliveryId: alert?.deliveryId,
      event: 'run.attention',
      run: alertInput().run,
      tests: [regression()],
      newAggressors: [],
      text: 'aggressors: spam v3 needs attention: 1 test regressed',
    });
    expect(alert?.slack.text).toBe(alert?.webhook.text);
  });

  it('leaves sample ids out of the webhook body unless sample content is allowed', () => {
    const input = alertInput({ tests: [], newAggressors: [newAggressor()] });

    const without = alertFor(input, DEFAULT_ALERT_OPTIONS);
    const withSamples = alertFor(input, {
      ...DEFAULT_ALERT_OPTIONS,
      includeSamples: true,
    });

    expect(without?.webhook.newAggressors[0]?.worstSampleIds).toEqual([]);
    expect(withSamples?.webhook.newAggressors[0]?.worstSampleIds).toEqual([
      'hard-ham-1/0042',
      'hard-ham-1/0007',
    ]);
  });
});

describe('Function: deliveryIdOf', () => {
  it('is the same for the same run and status, and differs otherwise', () => {
    const id = deliveryIdOf('spam-v3-abc', 'succeeded');

    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(deliveryIdOf('spam-v3-abc', 'succeeded')).toBe(id);
    expect(deliveryIdOf('spam-v3-abc', 'failed')).not.toBe(id);
    expect(deliveryIdOf('spam-v3-abd', 'succeeded')).not.toBe(id);
  });
});
