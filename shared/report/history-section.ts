/** History: each saved test across model versions; aggressors new, persisting, resolved. */
import type { Section } from './aggressor-card.ts';
import { escapeHtml } from './escape.ts';
import { formatNumber } from './format.ts';
import type { ChartSpec } from './map-chart.ts';
import { historySpec } from './history-chart.ts';
import type { ReportAggressorChanges, ReportInput } from './types.ts';

export function historySection(input: ReportInput): Section {
  const tests = input.history?.tests ?? [];
  const charts: Record<string, ChartSpec> = {};
  tests.forEach((test, i) => (charts[`h${i}`] = historySpec(test)));

  const testsHtml =
    tests.length === 0
      ? '<p class="muted">No saved test has a history yet.</p>'
      : '<p class="muted">Dashed: the value when the test was saved; solid red: ' +
        'its threshold; a red diamond marks a regression or a failure.</p>' +
        `<div class="chart-row">${Object.keys(charts)
          .map((id) => `<div class="chart" data-chart="${id}"></div>`)
          .join('')}</div>`;
  const html = [
    '<section id="history"><h2>History</h2>',
    '<h3>Saved tests across model versions</h3>',
    testsHtml,
    '<h3>Aggressors across versions</h3>',
    changesHtml(input.history?.aggressors),
    '</section>',
  ].join('\n');

  return { html, charts };
}

function changesHtml(changes: ReportAggressorChanges | undefined): string {
  if (changes === undefined) {
    return '<p class="muted">Not compared with an earlier version.</p>';
  }
  const against = changes.previousModelVersion
    ? `compared with ${escapeHtml(changes.previousModelVersion)}`
    : 'no earlier version to compare with';
  const list = (items: string[]) =>
    items.length === 0 ? '<span class="muted">none</span>' : items.join(', ');

  return (
    `<p>${against}.</p><dl class="changes">` +
    `<dt>new</dt><dd>${list(changes.new.map((a) => `<code>${escapeHtml(a.id)}</code>`))}</dd>` +
    `<dt>persisting</dt><dd>${list(
      changes.persisting.map(
        (a) =>
          `<code>${escapeHtml(a.id)}</code> (was <code>${escapeHtml(a.previousId)}</code>, ` +
          `overlap ${formatNumber(a.overlap, 2)})`,
      ),
    )}</dd>` +
    `<dt>resolved</dt><dd>${list(
      changes.resolved.map(
        (a) =>
          `<code>${escapeHtml(a.previousId)}</code> (${a.size} samples, mean loss ` +
          `${formatNumber(a.meanLoss)})`,
      ),
    )}</dd></dl>`
  );
}
