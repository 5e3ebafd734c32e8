import { describe, expect, it } from 'vitest';
import { destinationsOf } from '../../../functions/notify/destinations.ts';

const BASE = { bucket: 'b', table: 't' };
const SLACK = 'https://hooks.slack.com/services/T/B/x';
const HOOK = 'https://ci.example.com/hook';

describe('Function: destinationsOf', () => {
  it('posts to Slack and to a generic webhook when both are set', () => {
    expect(destinationsOf({ ...BASE, slackUrl: SLACK, webhookUrl: HOOK })).toEqual([
      { name: 'slack', url: SLACK },
      { name: 'webhook', url: HOOK },
    ]);
  });

  it('takes a webhook URL on hooks.slack.com for Slack', () => {
    expect(destinationsOf({ ...BASE, webhookUrl: SLACK })).toEqual([
      { name: 'slack', url: SLACK },
    ]);
  });

  it('uses the local sink only when no URL is set, and nothing without it', () => {
    expect(
      destinationsOf({ ...BASE, webhookUrl: HOOK, localSinkDir: '/tmp/a' }),
    ).toEqual([{ name: 'webhook', url: HOOK }]);
    expect(destinationsOf({ ...BASE, localSinkDir: '/tmp/a' })).toEqual([
      { name: 'local', dir: '/tmp/a' },
    ]);
    expect(destinationsOf(BASE)).toEqual([]);
  });
});
