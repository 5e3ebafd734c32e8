/**
 * One card per aggressor: hypothesis and rule, the metadata that sets it
 * apart, the loss against its most telling field, typical and worst
 * samples, its mean heatmap, the suggested action with its evidence and
 * its share of the labeling queue.
 */
import type { MetadataDifference } from '../analysis/metadata/types.ts';
import { cardCharts } from './card-charts.ts';
import { escapeHtml } from './escape.ts';
import { formatCount, formatNumber, formatPercent, formatPValue } from './format.ts';
import type { ChartSpec } from './map-chart.ts';
import { MISSING } from './metadata-fields.ts';
import { sampleListHtml } from './sample-list.ts';
import type { ReportAggressor, ReportInput, ReportSample } from './types.ts';

export interface Section {
  html: string;
  charts: Record<string, ChartSpec>;
}

export interface CardContext {
  samples: readonly ReportSample[];
  samplesById: ReadonlyMap<string, ReportSample>;
  labelingQueue: ReportInput['labelingQueue'];
  snippetLength: number;
  seed: number;
}

export function aggressorCard(
  aggressor: ReportAggressor,
  context: CardContext,
): Section {
  const prefix = `a${aggressor.rank}`;
  const built = cardCharts(aggressor, context.samples, context.seed);
  const charts: Record<string, ChartSpec> = {};
  if (built.shares) charts[`${prefix}-shares`] = built.shares;
  built.distributions.forEach((spec, i) => (charts[`${prefix}-dist${i}`] = spec));
  if (built.lossByField) charts[`${prefix}-loss`] = built.lossByField;

  const { typical, worst } = aggressor.representatives;
  const html = [
    `<section class="card" id="aggressor-${aggressor.rank}">`,
    `<h3>#${aggressor.rank} <code>${escapeHtml(aggressor.id)}</code></h3>`,
    `<p class="hypothesis">${escapeHtml(aggressor.hypothesis || 'No metadata sets this group apart.')}</p>`,
    factsHtml(aggressor),
    ruleHtml(aggressor),
    chartRow(Object.keys(charts)),
    metadataTable(aggressor.metadata),
    sampleListHtml(
      'Typical samples',
      typical,
      context.samplesById,
      context.snippetLength,
    ),
    sampleListHtml('Worst samples', worst, context.samplesById, context.snippetLength),
    heatmapHtml(aggressor),
    actionHtml(aggressor),
    queueHtml(aggressor, context.labelingQueue),
    '</section>',
  ].join('\n');

  return { html, charts };
}

function factsHtml(a: ReportAggressor): string {
  const interval = a.errorRateInterval
    ? ` (95% CI ${formatPercent(a.errorRateInterval[0])}–${formatPercent(a.errorRateInterval[1])})`
    : '';
  const facts: Array<[string, string]> = [
    ['size', `${a.size} (${formatPercent(a.share)} of the run)`],
    ['mean loss', formatNumber(a.meanLoss)],
    ['loss ratio', formatNumber(a.lossRatio, 2)],
    ['error rate', `${formatPercent(a.errorRate)}${interval}`],
    ['impact', formatPercent(a.impact)],
    ['p / q', `${formatPValue(a.pValue)} / ${formatPValue(a.qValue)}`],
  ];
  const items = facts.map(
    ([k, v]) => `<div><dt>${k}</dt><dd>${escapeHtml(v)}</dd></div>`,
  );

  return `<dl class="facts">${items.join('')}</dl>`;
}

function ruleHtml(a: ReportAggressor): string {
  if (a.rule === null) {
    return '<p class="muted">No rule over metadata describes this group.</p>';
  }

  return (
    `<p>Rule: <code class="rule">${escapeHtml(a.rule.text)}</code> covers ` +
    `${formatPercent(a.rule.coverage)} of the group with precision ` +
    `${formatPercent(a.rule.precision)}.</p>`
  );
}

function chartRow(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const cells = ids.map((id) => `<div class="chart" data-chart="${id}"></div>`);

  return `<div class="chart-row">${cells.join('')}</div>`;
}

function metadataTable(differences: readonly MetadataDifference[]): string {
  if (differences.length === 0) {
    return '<p class="muted">No metadata field differs significantly inside vs outside.</p>';
  }
  const rows = differences.map((d) => {
    const what =
      d.measure === 'share'
        ? `= ${d.value === null ? MISSING : String(d.value)}`
        : 'mean';
    const show = d.measure === 'share' ? formatPercent : formatNumber;
    return (
      `<tr><td>${escapeHtml(d.field)}</td><td>${escapeHtml(what)}</td>` +
      `<td class="num">${show(d.inside)}</td><td class="num">${show(d.outside)}</td>` +
      `<td class="num">${formatNumber(d.effect, 2)}</td><td class="num">${formatPValue(d.qValue)}</td></tr>`
    );
  });

  return (
    '<h4>Metadata inside vs outside</h4><table class="metadata"><thead><tr>' +
    '<th>field</th><th>value</th><th>inside</th><th>outside</th><th>effect</th><th>q</th>' +
    `</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function heatmapHtml(a: ReportAggressor): string {
  if (!a.heatmap) return '';
  const detail =
    `mean of ${a.heatmap.count} heatmaps, ${a.heatmap.width}×${a.heatmap.height}` +
    (a.heatmap.consistency === null
      ? ''
      : `, consistency ${formatNumber(a.heatmap.consistency, 2)}`);
  const image = a.heatmapPng
    ? `<img class="heatmap" alt="mean heatmap of aggressor #${a.rank}" src="data:image/png;base64,${Buffer.from(a.heatmapPng).toString('base64')}">`
    : '<p class="muted">The heatmap image was not available.</p>';

  return `<h4>Aggregated heatmap</h4>${image}<p class="muted">${escapeHtml(detail)}</p>`;
}

/** Counts (members, neighbours) as counts, measures with three decimals. */
function evidenceNumber(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isInteger(value)
    ? formatCount(value)
    : formatNumber(value);
}

function actionHtml(a: ReportAggressor): string {
  const evidence = Object.entries(a.action.evidence).map(
    ([name, value]) =>
      `<tr><td>${escapeHtml(name)}</td><td class="num">${evidenceNumber(value)}</td></tr>`,
  );

  return (
    `<h4>Suggested action</h4><p><span class="badge action">${escapeHtml(a.action.kind)}</span> ` +
    `${escapeHtml(a.action.reason)}</p>` +
    (evidence.length > 0
      ? `<details><summary>evidence</summary><table class="evidence"><tbody>${evidence.join('')}</tbody></table></details>`
      : '')
  );
}

/** Only relative, http(s) and s3 links are written as links. */
export function safeHref(href: string): string | null {
  return /^(https?:\/\/|s3:\/\/)/i.test(href) || !/^[^/?#]*:/.test(href) ? href : null;
}

function queueHtml(a: ReportAggressor, queue: ReportInput['labelingQueue']): string {
  const similar = a.similarUnlabeled?.length ?? 0;
  if (queue === undefined) {
    return '<h4>Labeling queue</h4><p class="muted">No unlabeled pool was given with this run.</p>';
  }
  const href = safeHref(queue.href);
  const link =
    href === null
      ? `<code>${escapeHtml(queue.href)}</code>`
      : `<a href="${escapeHtml(href)}">the labeling manifest</a>`;

  // A relative link works beside the report in the bucket, not through a
  // presigned link to the report: the s3:// address always does (and is what
  // a Ground Truth labeling job takes).
  const address =
    queue.uri === undefined ? '' : ` (<code>${escapeHtml(queue.uri)}</code>)`;

  return (
    `<h4>Labeling queue</h4><p>${similar} similar unlabeled samples queued for this ` +
    `group, of ${queue.size} in ${link}${address}.</p>`
  );
}
