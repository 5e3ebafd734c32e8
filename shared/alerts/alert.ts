/**
 * A run's alert, or none: what needs attention by the triggers asked for,
 * and the two bodies it can be sent as (Slack, generic webhook).
 */
import { attentionOf, needsAttention } from './attention.ts';
import { deliveryIdOf } from './delivery-id.ts';
import { slackMessage } from './slack-message.ts';
import type {
  AlertInput,
  AlertOptions,
  Attention,
  SlackMessage,
  WebhookBody,
} from './types.ts';
import { webhookBody } from './webhook-body.ts';

export interface Alert {
  deliveryId: string;
  attention: Attention;
  slack: SlackMessage;
  webhook: WebhookBody;
}

/** Undefined when nothing in the run needs attention: then nothing is sent. */
export function alertFor(input: AlertInput, options: AlertOptions): Alert | undefined {
  const attention = attentionOf(input, options);
  if (!needsAttention(attention)) return undefined;
  const deliveryId = deliveryIdOf(input.run.runId, input.run.status);

  return {
    deliveryId,
    attention,
    slack: slackMessage(input, attention, options),
    webhook: webhookBody(input, attention, deliveryId, options),
  };
}
