/** Which kind of receiver a URL is: Slack's incoming webhooks, or a generic webhook. */

export type DestinationKind = 'slack' | 'webhook';

/** Hosts of Slack's incoming webhooks (commercial and GovSlack). */
export const SLACK_WEBHOOK_HOSTS: readonly string[] = [
  'hooks.slack.com',
  'hooks.slack-gov.com',
];

/**
 * `explicit` wins; otherwise Slack when the host is one of Slack's webhook
 * hosts, generic otherwise. A URL that does not parse is generic (its post
 * then fails and is recorded).
 */
export function destinationKindOf(
  url: string,
  explicit?: DestinationKind,
): DestinationKind {
  if (explicit !== undefined) return explicit;
  try {
    return SLACK_WEBHOOK_HOSTS.includes(new URL(url).hostname) ? 'slack' : 'webhook';
  } catch {
    return 'webhook';
  }
}
