import { describe, expect, it } from 'vitest';
import { destinationsOf } from '../../../functions/notify/destinations.ts';

const BASE = { bucket: 'b', table: 't' };
const SLACK = 'https://hooks.slack.com/services/T/B/x';
const OTHER_SLACK = 'https://hooks.slack.com/services/T/C/y';
const HOOK = 'https://ci.example.com/hook';

describe('Function: destinationsOf', () => {
  it('posts to Slack and to a generic webhook when both are set', () => {
    expect(destinationsOf({ ...BASE, slackUrl: SLACK, webhookUrl: HOOK })).toEqual([
      { name: 'slack', format: 'slack', url: SLACK },
      { name: 'webhook', format: 'webhook', url: HOOK },
    ]);
  });

  it('posts a webhook URL on hooks.slack.com as a Slack message', () => {
    expect(destinationsOf({ ...BASE, webhookUrl: SLACK })).toEqual([
      { name: 'webhook', format: 'slack', url: SLACK },
    ]);
  });

  it('posts to two Slack channels, and once when both fields hold one URL', () => {
    expect(
      destinationsOf({ ...BASE, slackUrl: SLACK, webhookUrl: OTHER_SLACK }),
    ).toEqual([
      { name: 'slack', format: 'slack', url: SLACK },
      { name: 'webhook', format: 'slack', url: OTHER_SLACK },
    ]);
    expect(destinationsOf({ ...BASE, slackUrl: SLACK, webhookUrl: SLACK })).toEqual([
      { name: 'slack', format: 'slack', url: SLACK },
    ]);
  });

  it('uses the local sink only when no URL is set, and nothing without it', () => {
    expect(
      destinationsOf({ ...BASE, webhookUrl: HOOK, localSinkDir: '/tmp/a' }),
    ).toEqual([{ name: 'webhook', format: 'webhook', url: HOOK }]);
    expect(destinationsOf({ ...BASE, localSinkDir: '/tmp/a' })).toEqual([
      { name: 'local', dir: '/tmp/a' },
    ]);
    expect(destinationsOf(BASE)).toEqual([]);
  });
});
