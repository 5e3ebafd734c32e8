import { describe, expect, it } from 'vitest';
import { attentionOf } from '../../../shared/alerts/attention.ts';
import { checkBlockKitLimits } from '../../../shared/alerts/block-kit-limits.ts';
import { slackMessage } from '../../../shared/alerts/slack-message.ts';
import { DEFAULT_ALERT_OPTIONS } from '../../../shared/alerts/triggers.ts';
import type { AlertInput } from '../../../shared/alerts/types.ts';
import { alertInput, newAggressor, regression } from './alert-fixtures.ts';

function messageOf(input: AlertInput, includeSamples = false) {
  const attention = attentionOf(input, DEFAULT_ALERT_OPTIONS);
  return slackMessage(input, attention, { includeSamples });
}

const texts = (message: ReturnType<typeof messageOf>) => JSON.stringify(message.blocks);

describe('Function: slackMessage', () => {
  it('shows a header, the run and the regression before → after with its interval', () => {
    const message = messageOf(alertInput());

    expect(message).toEqual({
      text: 'aggressors: spam v3 needs attention: 1 test regressed',
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: 'spam v3: needs attention' },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'Run `spam-v3-abc` of *spam* *v3* succeeded, accuracy 97.1%',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              '*Test `hard-ham` regressed*\n' +
              'error rate: 0.120 → 0.250 (+0.130, 95% interval [0.050, 0.210])',
          },
        },
      ],
    });
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('names the version the run was compared with, escaped', () => {
    const input = alertInput();
    input.run.previousModelVersion = 'v2<b>';

    const summary = messageOf(input).blocks[1] as { text: { text: string } };

    expect(summary.text.text).toBe(
      'Run `spam-v3-abc` of *spam* *v3* succeeded, accuracy 97.1%, compared with *v2&lt;b&gt;*',
    );
  });

  it('links the report when its URL is known', () => {
    const input = alertInput();
    input.run.reportUrl = 'https://reports.example.com/spam/v3|x>.html';

    const summary = messageOf(input).blocks[1];

    expect(JSON.stringify(summary)).toContain(
      '<https://reports.example.com/spam/v3%7Cx%3E.html|Open the report>',
    );
  });

  it('keeps a 10,000-character hypothesis within the section limit, cut at a word', () => {
    const hypothesis = Array.from({ length: 1_300 }, (_, i) =>
      `w${i % 1000}`.padEnd(7, 'x'),
    )
      .join(' ')
      .slice(0, 10_000);
    expect(hypothesis).toHaveLength(10_000);
    const input = alertInput({
      tests: [],
      newAggressors: [newAggressor({ hypothesis })],
    });

    const message = messageOf(input);

    expect(checkBlockKitLimits(message)).toEqual([]);
    const aggressorText = (message.blocks[2] as { text: { text: string } }).text.text;
    expect(aggressorText.length).toBeLessThanOrEqual(3_000);
    expect(aggressorText.length).toBeGreaterThan(2_900);
    expect(aggressorText.startsWith('*New aggressor #1* `a1b2c3`\n120 samples')).toBe(
      true,
    );
    expect(aggressorText.endsWith('…')).toBe(true);
    const shownHypothesis = aggressorText.split('\n')[2]!.slice(0, -1);
    expect(hypothesis.startsWith(shownHypothesis)).toBe(true);
    expect(hypothesis[shownHypothesis.length]).toBe(' ');
  });

  it('stays within 50 blocks for 80 regressions and 30 new aggressors, summarising the rest', () => {
    const tests = Array.from({ length: 80 }, (_, i) => regression({ name: `t${i}` }));
    const aggressors = Array.from({ length: 30 }, (_, i) =>
      newAggressor({ id: `g${i}`, rank: i + 1 }),
    );

    const message = messageOf(alertInput({ tests, newAggressors: aggressors }));

    expect(checkBlockKitLimits(message)).toEqual([]);
    expect(message.blocks).toHaveLength(49);
    expect(message.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: '… and 34 more tests and 30 more new aggressors' },
      ],
    });
    expect(message.text).toBe(
      'aggressors: spam v3 needs attention: 80 tests regressed, ' +
        '30 new high-severity aggressors',
    );
  });

  it('cuts a long project name in the header to 150 characters', () => {
    const input = alertInput();
    input.run.project = 'p'.repeat(400);

    const message = messageOf(input);

    expect(checkBlockKitLimits(message)).toEqual([]);
    const header = message.blocks[0] as { text: { text: string } };
    expect(header.text.text).toHaveLength(150);
  });

  it('escapes user text so it cannot open links or mentions', () => {
    const input = alertInput({
      tests: [
        regression({
          name: '<!channel> & co',
          reason: 'a <b> c',
          status: 'error',
          value: null,
          previousValue: null,
        }),
      ],
    });

    const message = messageOf(input);

    const block = JSON.stringify(message.blocks[2]);
    expect(block).toContain(
      '*Test `&lt;!channel&gt; &amp; co` could not be evaluated*',
    );
    expect(block).toContain('a &lt;b&gt; c');
    expect(block).not.toContain('<!channel>');
  });

  it('names no sample unless sample content is allowed', () => {
    const input = alertInput({ tests: [], newAggressors: [newAggressor()] });

    expect(texts(messageOf(input))).not.toContain('hard-ham-1/0042');
    expect(texts(messageOf(input, true))).toContain(
      'Worst samples: `hard-ham-1/0042`, `hard-ham-1/0007`',
    );
  });

  it('says the run failed, with its error, and nothing else', () => {
    const input = alertInput({
      tests: [],
      run: {
        runId: 'spam-v3-abc',
        project: 'spam',
        modelVersion: 'v3',
        status: 'failed',
        accuracy: null,
        error:
          'samples.jsonl line 7, field label: expected "ham" or "spam", got "eggs"',
      },
    });

    const message = messageOf(input);

    expect(message.text).toBe(
      'aggressors: spam v3: the run failed: samples.jsonl line 7, field label: ' +
        'expected "ham" or "spam", got "eggs"',
    );
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section']);
    expect(texts(message)).toContain('*The run failed*');
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('escapes the top-level text too, so an error cannot mention the channel', () => {
    const input = alertInput({
      tests: [],
      run: {
        runId: 'spam-v3-abc',
        project: 'spam',
        modelVersion: 'v3',
        status: 'failed',
        accuracy: null,
        error: 'field "label": got "<!channel> <https://x.example|click>"',
      },
    });

    const { text } = messageOf(input);

    expect(text).toContain('got "&lt;!channel&gt; &lt;https://x.example|click&gt;"');
    expect(text).not.toMatch(/<[!h]/);
  });

  it('says until when the report link works', () => {
    const input = alertInput();
    input.run.reportUrl =
      'https://bucket.s3.amazonaws.com/report.html?X-Amz-Expires=3600';
    input.run.reportUrlExpiresAt = '2026-12-04T13:40:00.000Z';

    expect(JSON.stringify(messageOf(input).blocks[1])).toContain(
      'Open the report> (link valid until 2026-12-04 13:40 UTC)',
    );
  });

  it('shows a test with no previous version by its value alone', () => {
    const input = alertInput({
      tests: [
        regression({
          status: 'fail',
          previousValue: null,
          difference: null,
          interval: null,
          reason: 'error rate 0.250 is above the threshold 0.200',
        }),
      ],
    });

    const block = messageOf(input).blocks[2] as { text: { text: string } };

    expect(block.text.text).toBe(
      '*Test `hard-ham` failed its threshold*\nerror rate: 0.250 (no previous version)\n' +
        'error rate 0.250 is above the threshold 0.200',
    );
  });
});
