/** How numbers and user text read in alert messages. */

/** Three decimals below 100, one from there on; "n/a" for null. */
export function formatNumber(value: number | null): string {
  if (value === null) return 'n/a';

  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(3);
}

/** With its sign: "+0.130", "-0.020". */
export function formatSigned(value: number): string {
  return `${value > 0 ? '+' : ''}${formatNumber(value)}`;
}

/** A share in [0, 1] as a percentage with one decimal. */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/**
 * User text made safe for Slack's mrkdwn: `&`, `<` and `>` escaped as Slack
 * asks, so a name cannot open a link or a mention.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mrkdwn link; `<`, `>` and `|` in the URL are percent-encoded so it cannot break out. */
export function slackLink(url: string, label: string): string {
  const safe = url.replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');

  return `<${safe}|${escapeMrkdwn(label)}>`;
}
