/**
 * Where a run's alert goes: the Slack URL and the webhook URL, each that is
 * set (a webhook URL on hooks.slack.com is posted as a Slack message; the
 * same URL in both fields is posted once); the local sink when neither is
 * set and the stack is local; else nowhere.
 */
import { destinationKindOf } from '../../shared/alerts/destination.ts';
import type { PipelineConfig } from '../../shared/aws/deps.ts';

/**
 * `name` is the setting the URL came from, and keys the delivery record;
 * `format` is how the alert is posted: a Slack message or the signed webhook
 * body.
 */
export type Destination =
  | { name: 'slack' | 'webhook'; format: 'slack' | 'webhook'; url: string }
  | { name: 'local'; dir: string };

export function destinationsOf(config: PipelineConfig): Destination[] {
  const posts: Destination[] = [];
  const { slackUrl, webhookUrl } = config;
  if (slackUrl) posts.push({ name: 'slack', format: 'slack', url: slackUrl });
  if (webhookUrl && webhookUrl !== slackUrl) {
    posts.push({
      name: 'webhook',
      format: destinationKindOf(webhookUrl),
      url: webhookUrl,
    });
  }
  if (posts.length > 0) return posts;

  return config.localSinkDir ? [{ name: 'local', dir: config.localSinkDir }] : [];
}
