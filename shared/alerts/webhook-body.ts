/** The generic webhook's JSON body (docs/notifications.md, "Generic webhook"). */
import { summaryText } from './summary-text.ts';
import type { AlertInput, AlertOptions, Attention, WebhookBody } from './types.ts';

export function webhookBody(
  input: AlertInput,
  attention: Attention,
  deliveryId: string,
  options: Pick<AlertOptions, 'includeSamples'>,
): WebhookBody {
  const newAggressors = attention.newAggressors.map((aggressor) =>
    options.includeSamples ? aggressor : { ...aggressor, worstSampleIds: [] },
  );

  return {
    schemaVersion: 1,
    deliveryId,
    event: attention.runFailed ? 'run.failed' : 'run.attention',
    run: input.run,
    tests: attention.tests,
    newAggressors,
    text: summaryText(input.run, attention),
  };
}
