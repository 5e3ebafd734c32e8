/**
 * Sends a run's alert to one destination, at most once per delivery id:
 * claims the delivery record, posts (Slack message, or the signed webhook
 * body) or appends to the local sink, and records the outcome. URLs and the
 * signing secret are never logged.
 */
import type { Alert } from '../../shared/alerts/alert.ts';
import { postWithRetry } from '../../shared/alerts/post-with-retry.ts';
import type {
  AlertRequest,
  DeliveryOutcome,
  DeliveryPolicy,
} from '../../shared/alerts/post-with-retry.ts';
import { webhookHeaders } from '../../shared/alerts/signing.ts';
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { claimDelivery, recordDeliveryOutcome } from './delivery-record.ts';
import type { DeliveryClaim } from './delivery-record.ts';
import type { Destination } from './destinations.ts';
import { appendToLocalSink } from './local-sink.ts';

/** 'sent' now, 'taken' earlier (or by a concurrent attempt), or 'failed'. */
export type SendResult = 'sent' | 'taken' | 'failed';

export async function sendAlert(
  alert: Alert,
  destination: Destination,
  runId: string,
  deps: PipelineDeps,
  policy: DeliveryPolicy,
): Promise<SendResult> {
  const { ddb, config, logger } = deps;
  const claim: DeliveryClaim = {
    runId,
    deliveryId: alert.deliveryId,
    destination: destination.name,
  };
  const fields = { runId, deliveryId: alert.deliveryId, destination: destination.name };
  if ((await claimDelivery(ddb, config.table, claim, deps.nowEpochMs())) === 'taken') {
    logger.info('alert already delivered', fields);
    return 'taken';
  }

  const outcome = await deliverTo(alert, destination, deps, policy);
  await recordDeliveryOutcome(ddb, config.table, claim, outcome, deps.nowEpochMs());
  const { attempts, httpStatus, reason } = outcome;
  if (!outcome.delivered) {
    logger.error('alert not delivered', { ...fields, attempts, httpStatus, reason });
    return 'failed';
  }

  logger.info('alert delivered', { ...fields, attempts, httpStatus });
  return 'sent';
}

function deliverTo(
  alert: Alert,
  destination: Destination,
  deps: PipelineDeps,
  policy: DeliveryPolicy,
): Promise<DeliveryOutcome> {
  if (destination.name === 'local') {
    return appendToLocalSink(destination.dir, alert.slack, deps.logger);
  }

  const request =
    destination.format === 'slack'
      ? slackRequest(alert, destination.url)
      : webhookRequest(alert, destination.url, deps.config.webhookSigningSecret);
  return postWithRetry(request, policy, deps.logger);
}

function slackRequest(alert: Alert, url: string): AlertRequest {
  return {
    url,
    body: JSON.stringify(alert.slack),
    headersAt: () => ({ 'content-type': 'application/json' }),
  };
}

function webhookRequest(alert: Alert, url: string, secret?: string): AlertRequest {
  const body = JSON.stringify(alert.webhook);
  const { deliveryId } = alert;

  return {
    url,
    body,
    headersAt: (nowEpochMs) => webhookHeaders({ deliveryId, body, nowEpochMs, secret }),
  };
}
