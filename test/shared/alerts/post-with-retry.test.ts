import { describe, expect, it, vi } from 'vitest';
import { postWithRetry } from '../../../shared/alerts/post-with-retry.ts';
import type { DeliveryPolicy } from '../../../shared/alerts/post-with-retry.ts';
import { recordingLogger } from '../aws/test-deps.ts';
import type { LogEntry } from '../aws/test-deps.ts';

const URL = 'https://receiver.example.com/hook';
const START_EPOCH_MS = Date.parse('2026-12-03T20:00:00Z');

type Answer = number | Error | { status: number; headers: Record<string, string> };

/**
 * A fake clock and fetch: each sleep moves the clock by exactly its wait, and
 * each post gets the next answer in line.
 */
function harness(answers: Answer[], overrides: Partial<DeliveryPolicy> = {}) {
  let nowEpochMs = START_EPOCH_MS;
  const waits: number[] = [];
  const queue = [...answers];
  const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => {
    const next = queue.shift();
    if (next === undefined) throw new Error('more posts than answers');
    if (next instanceof Error) throw next;
    const { status, headers } =
      typeof next === 'number' ? { status: next, headers: {} } : next;
    return new Response(status === 204 ? null : 'answer', { status, headers });
  });
  const policy: DeliveryPolicy = {
    maxAttempts: 4,
    baseDelayMs: 1_000,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 30_000,
    attemptTimeoutMs: 5_000,
    budgetMs: 60_000,
    sleep: async (ms) => {
      waits.push(ms);
      nowEpochMs += ms;
    },
    random: () => 0.5,
    nowEpochMs: () => nowEpochMs,
    fetch: fetch as unknown as typeof globalThis.fetch,
    ...overrides,
  };
  const logs: LogEntry[] = [];
  const request = {
    url: URL,
    body: '{"text":"hi"}',
    headersAt: (at: number) => ({ 'x-sent-at': String(at) }),
  };

  return {
    policy,
    fetch,
    waits,
    logs,
    run: () => postWithRetry(request, policy, recordingLogger(logs)),
  };
}

describe('Function: postWithRetry', () => {
  it('waits exactly the seconds Retry-After asks for after a 429, then delivers', async () => {
    const h = harness([{ status: 429, headers: { 'retry-after': '7' } }, 200]);

    const outcome = await h.run();

    expect(outcome).toEqual({
      delivered: true,
      attempts: 2,
      httpStatus: 200,
      reason: null,
    });
    expect(h.waits).toEqual([7_000]);
  });

  it('waits until the HTTP date Retry-After names', async () => {
    const at = new Date(START_EPOCH_MS + 12_000).toUTCString();
    const h = harness([{ status: 429, headers: { 'retry-after': at } }, 204]);

    const outcome = await h.run();

    expect(outcome.delivered).toBe(true);
    expect(h.waits).toEqual([12_000]);
  });

  it('makes the headers of each attempt when it is sent (a signature is timed)', async () => {
    const h = harness([{ status: 503, headers: { 'retry-after': '3' } }, 200]);

    await h.run();

    const sentAt = h.fetch.mock.calls.map(
      ([, init]) => (init?.headers as Record<string, string>)['x-sent-at'],
    );
    expect(sentAt).toEqual([String(START_EPOCH_MS), String(START_EPOCH_MS + 3_000)]);
    expect(h.fetch.mock.calls[0]).toEqual([
      URL,
      {
        method: 'POST',
        headers: { 'x-sent-at': String(START_EPOCH_MS) },
        body: '{"text":"hi"}',
        signal: expect.any(AbortSignal),
      },
    ]);
  });

  it('never repeats the URL (a credential) that a network error quotes', async () => {
    const quoting = new TypeError(`Failed to parse URL from ${URL}`);
    const h = harness([quoting, quoting, quoting, quoting]);

    const outcome = await h.run();

    expect(outcome.reason).toBe(
      'Failed to parse URL from <destination URL> after 4 attempts',
    );
    expect(JSON.stringify(h.logs)).not.toContain(URL);
  });

  it('does not retry a 410 Gone and says why', async () => {
    const h = harness([410, 200]);

    const outcome = await h.run();

    expect(outcome).toEqual({
      delivered: false,
      attempts: 1,
      httpStatus: 410,
      reason: 'HTTP 410: answer, not retried',
    });
    expect(h.fetch).toHaveBeenCalledTimes(1);
    expect(h.waits).toEqual([]);
  });

  it.each([400, 403, 404])('does not retry HTTP %i', async (status) => {
    const h = harness([status, 200]);

    const outcome = await h.run();

    expect(outcome.delivered).toBe(false);
    expect(h.fetch).toHaveBeenCalledTimes(1);
  });

  it('retries 5xx and network errors with jittered backoff, then delivers', async () => {
    const h = harness([503, new TypeError('fetch failed'), 502, 200]);

    const outcome = await h.run();

    expect(outcome).toEqual({
      delivered: true,
      attempts: 4,
      httpStatus: 200,
      reason: null,
    });
    expect(h.waits).toEqual([500, 1_000, 2_000]);
    expect(h.logs.map((l) => l.fields)).toEqual([
      { attempt: 1, status: 503, reason: 'HTTP 503: answer' },
      { attempt: 2, status: null, reason: 'fetch failed' },
      { attempt: 3, status: 502, reason: 'HTTP 502: answer' },
    ]);
  });

  it('stops after the attempts allowed', async () => {
    const h = harness([500, 500, 500], { maxAttempts: 3 });

    const outcome = await h.run();

    expect(outcome).toEqual({
      delivered: false,
      attempts: 3,
      httpStatus: 500,
      reason: 'HTTP 500: answer after 3 attempts',
    });
    expect(h.waits).toHaveLength(2);
  });

  it('gives up when Retry-After asks for longer than the policy allows', async () => {
    const h = harness([{ status: 429, headers: { 'retry-after': '3600' } }, 200]);

    const outcome = await h.run();

    expect(outcome).toEqual({
      delivered: false,
      attempts: 1,
      httpStatus: 429,
      reason:
        'HTTP 429: answer, Retry-After asks for 3600000 ms, more than the 30000 ms allowed',
    });
    expect(h.waits).toEqual([]);
  });
});

describe('Function: postWithRetry within its time budget', () => {
  it('starts no wait that would end past the budget', async () => {
    const h = harness(
      [
        { status: 503, headers: { 'retry-after': '20' } },
        { status: 503, headers: { 'retry-after': '20' } },
        200,
      ],
      { budgetMs: 30_000 },
    );

    const outcome = await h.run();

    expect(outcome).toEqual({
      delivered: false,
      attempts: 2,
      httpStatus: 503,
      reason: 'HTTP 503: answer, no time left to retry within 30000 ms',
    });
    expect(h.waits).toEqual([20_000]);
  });
});
