import { describe, expect, it } from 'vitest';
import { destinationKindOf } from '../../../shared/alerts/destination.ts';

describe('Function: destinationKindOf', () => {
  it('is Slack for hooks.slack.com and generic for any other host', () => {
    expect(destinationKindOf('https://hooks.slack.com/services/T0/B0/x')).toBe('slack');
    expect(destinationKindOf('https://hooks.slack.com.evil.example/x')).toBe('webhook');
    expect(destinationKindOf('https://ci.example.com/hooks/aggressors')).toBe(
      'webhook',
    );
    expect(destinationKindOf('not a url')).toBe('webhook');
  });

  it('follows an explicit kind over the host', () => {
    expect(destinationKindOf('https://relay.example.com/slack', 'slack')).toBe('slack');
  });
});
