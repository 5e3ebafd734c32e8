/**
 * Where a run's alert goes: the Slack URL, the webhook URL (Slack or generic
 * by its host), both when both are set; the local sink when neither is set
 * and the stack is local; else nowhere.
 */
import { destinationKindOf } from '../../shared/alerts/destination.ts';
import type { PipelineConfig } from '../../shared/aws/deps.ts';

export type Destination =
  { name: 'slack' | 'webhook'; url: string } | { name: 'local'; dir: string };

export function destinationsOf(config: PipelineConfig): Destination[] {
  const posts: Destination[] = [];
  if (config.slackUrl) posts.push({ name: 'slack', url: config.slackUrl });
  if (config.webhookUrl) {
    const name = destinationKindOf(config.webhookUrl);
    if (!(name === 'slack' && config.slackUrl)) {
      posts.push({ name, url: config.webhookUrl });
    }
  }
  if (posts.length > 0) return posts;

  return config.localSinkDir ? [{ name: 'local', dir: config.localSinkDir }] : [];
}
