/**
 * The Slack message of an alert, in Block Kit: a header, the run, one
 * section per test that needs attention (the metric before → after and its
 * interval), one per new high-severity aggressor. Always within Slack's
 * limits (block-kit-limits.ts): long text is cut by whole lines and items
 * past the block budget are summarised in a last line.
 */
import { BLOCK_KIT_LIMITS } from './block-kit-limits.ts';
import {
  escapeMrkdwn,
  formatNumber,
  formatPercent,
  formatSigned,
  slackLink,
} from './format.ts';
import { summaryText } from './summary-text.ts';
import { cutLine, overflowNote, truncateLines } from './truncate.ts';
import type {
  AlertAggressor,
  AlertInput,
  AlertOptions,
  AlertTestResult,
  Attention,
  SlackBlock,
  SlackMessage,
} from './types.ts';

/** Blocks kept free for the header, the run and the overflow line. */
const FIXED_BLOCKS = 4;

export function slackMessage(
  input: AlertInput,
  attention: Attention,
  options: Pick<AlertOptions, 'includeSamples'>,
): SlackMessage {
  const items = [
    ...attention.tests.map((test) => testText(test)),
    ...attention.newAggressors.map((a) => aggressorText(a, options.includeSamples)),
  ];
  const room = BLOCK_KIT_LIMITS.blocks - FIXED_BLOCKS;
  const shown = items.slice(0, room).map(section);
  const overflow = overflowBlock(attention, room);

  return {
    // Slack reads the top-level text as mrkdwn too: a run error holding <!channel> must stay text.
    text: cutLine(
      escapeMrkdwn(summaryText(input.run, attention)),
      BLOCK_KIT_LIMITS.sectionTextChars,
    ),
    blocks: [
      headerBlock(input, attention),
      ...runBlocks(input, attention),
      ...shown,
      ...(overflow ? [overflow] : []),
    ],
  };
}

function headerBlock(input: AlertInput, attention: Attention): SlackBlock {
  const { project, modelVersion } = input.run;
  const what = attention.runFailed ? 'run failed' : 'needs attention';
  const text = cutLine(
    `${project} ${modelVersion}: ${what}`,
    BLOCK_KIT_LIMITS.headerChars,
  );

  return { type: 'header', text: { type: 'plain_text', text } };
}

function runBlocks(input: AlertInput, attention: Attention): SlackBlock[] {
  const { run } = input;
  const lines = [
    `Run \`${escapeMrkdwn(run.runId)}\` of *${escapeMrkdwn(run.project)}* ` +
      `*${escapeMrkdwn(run.modelVersion)}* ${run.status}` +
      (run.accuracy === null ? '' : `, accuracy ${formatPercent(run.accuracy)}`) +
      (run.previousModelVersion === undefined
        ? ''
        : `, compared with *${escapeMrkdwn(run.previousModelVersion)}*`),
  ];
  if (run.reportUrl) {
    const until = run.reportUrlExpiresAt
      ? ` (link valid until ${run.reportUrlExpiresAt.slice(0, 16).replace('T', ' ')} UTC)`
      : '';
    lines.push(slackLink(run.reportUrl, 'Open the report') + until);
  }
  const blocks = [section(lines.join('\n'))];
  if (attention.runFailed) {
    blocks.push(
      section(`*The run failed*\n${escapeMrkdwn(run.error ?? 'no reason given')}`),
    );
  }

  return blocks;
}

const TITLE_OF: Record<string, string> = {
  regressed: 'regressed',
  fail: 'failed its threshold',
  error: 'could not be evaluated',
};

function testText(test: AlertTestResult): string {
  const title = `*Test \`${escapeMrkdwn(test.name)}\` ${TITLE_OF[test.status] ?? test.status}*`;
  const lines = [title];
  if (test.value !== null || test.previousValue !== null) lines.push(changeLine(test));
  if (test.reason) lines.push(escapeMrkdwn(test.reason));

  return lines.join('\n');
}

/** "mean loss: 0.120 → 0.250 (+0.130, 95% interval [0.050, 0.210])". */
function changeLine(test: AlertTestResult): string {
  const metric = escapeMrkdwn(test.metric ?? 'value');
  if (test.previousValue === null) {
    return `${metric}: ${formatNumber(test.value)} (no previous version)`;
  }
  const change = test.difference === null ? '' : formatSigned(test.difference);
  const interval = test.interval
    ? `95% interval [${formatNumber(test.interval[0])}, ${formatNumber(test.interval[1])}]`
    : '';
  const detail = [change, interval].filter((part) => part !== '').join(', ');

  return (
    `${metric}: ${formatNumber(test.previousValue)} → ${formatNumber(test.value)}` +
    (detail ? ` (${detail})` : '')
  );
}

function aggressorText(aggressor: AlertAggressor, includeSamples: boolean): string {
  const figures = [
    `${aggressor.size} samples`,
    `impact ${formatPercent(aggressor.impact)}`,
    `mean loss ${formatNumber(aggressor.meanLoss)}` +
      (aggressor.lossRatio === null
        ? ''
        : ` (${aggressor.lossRatio.toFixed(1)}× the rest)`),
    ...(aggressor.errorRate === null
      ? []
      : [`error rate ${formatPercent(aggressor.errorRate)}`]),
  ];
  const lines = [
    `*New aggressor #${aggressor.rank}* \`${escapeMrkdwn(aggressor.id)}\``,
    figures.join(' · '),
    escapeMrkdwn(aggressor.hypothesis),
  ];
  if (includeSamples && aggressor.worstSampleIds.length > 0) {
    const ids = aggressor.worstSampleIds.map((id) => `\`${escapeMrkdwn(id)}\``);
    lines.push(`Worst samples: ${ids.join(', ')}`);
  }

  return lines.filter((line) => line.trim() !== '').join('\n');
}

function section(text: string): SlackBlock {
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncateLines(text, BLOCK_KIT_LIMITS.sectionTextChars),
    },
  };
}

/** "… and 12 more tests and 3 more new aggressors", when the blocks ran out. */
function overflowBlock(attention: Attention, room: number): SlackBlock | undefined {
  const hiddenTests = Math.max(attention.tests.length - room, 0);
  const roomLeft = Math.max(room - attention.tests.length, 0);
  const hiddenAggressors = Math.max(attention.newAggressors.length - roomLeft, 0);
  if (hiddenTests + hiddenAggressors === 0) return undefined;
  const parts = [
    ...(hiddenTests > 0 ? [overflowNote(hiddenTests, 'test')] : []),
    ...(hiddenAggressors > 0 ? [overflowNote(hiddenAggressors, 'new aggressor')] : []),
  ];
  const text = parts.join(', ').replace(/, … and/g, ' and');

  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
