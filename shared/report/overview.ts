/** The overview: the run's figures, its aggressors ranked and the saved-test table. */
import { escapeHtml } from './escape.ts';
import { formatNumber, formatPercent, formatPValue, formatValue } from './format.ts';
import type { ReportInput, ReportTestResult } from './types.ts';

export function overviewHtml(input: ReportInput): string {
  const notes = (input.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`);

  return [
    '<section id="overview"><h2>Overview</h2>',
    figuresHtml(input),
    ...notes,
    '<h3>Aggressors, worst first</h3>',
    aggressorTable(input),
    '<h3>Saved tests</h3>',
    testTable(input.tests ?? []),
    '</section>',
  ].join('\n');
}

function figuresHtml({ counts, overall, aggressors }: ReportInput): string {
  const figures: Array<[string, string]> = [
    ['samples', String(counts.samples)],
    ['quarantined', String(counts.quarantined)],
    ['failed', String(counts.failed)],
    ['mean loss', formatNumber(overall.meanLoss)],
    ['error rate', formatPercent(overall.errorRate)],
    ['accuracy', formatPercent(overall.accuracy)],
    ['aggressors', String(aggressors.length)],
  ];
  const tiles = figures.map(
    ([name, value]) => `<div class="figure"><span>${value}</span>${name}</div>`,
  );

  return `<div class="figures">${tiles.join('')}</div>`;
}

function aggressorTable({ aggressors }: ReportInput): string {
  if (aggressors.length === 0) {
    return (
      '<p>No aggressors: no group had enough samples, a loss well above the ' +
      'rest and a significant difference.</p>'
    );
  }
  const rows = aggressors.map(
    (a) =>
      `<tr><td><a href="#aggressor-${a.rank}">#${a.rank}</a></td>` +
      `<td class="num">${a.size}</td><td class="num">${formatPercent(a.share)}</td>` +
      `<td class="num">${formatNumber(a.lossRatio, 2)}</td>` +
      `<td class="num">${formatPValue(a.qValue)}</td>` +
      `<td class="num">${formatPercent(a.impact)}</td>` +
      `<td>${escapeHtml(a.hypothesis)}</td></tr>`,
  );

  return (
    '<table class="ranked"><thead><tr><th>rank</th><th>size</th><th>share</th>' +
    '<th>loss ratio</th><th>q-value</th><th>impact</th><th>hypothesis</th></tr>' +
    `</thead><tbody>${rows.join('')}</tbody></table>`
  );
}

export function statusBadge(status: string): string {
  return `<span class="badge status-${escapeHtml(status)}">${escapeHtml(status)}</span>`;
}

function testTable(tests: readonly ReportTestResult[]): string {
  if (tests.length === 0) {
    return (
      '<p class="muted">No saved tests ran: save an aggressor as a test with ' +
      '<code>aggressors tests save</code>.</p>'
    );
  }
  const rows = tests.map((t) => {
    const interval = t.interval
      ? `[${formatNumber(t.interval[0])}, ${formatNumber(t.interval[1])}]`
      : '–';
    return (
      `<tr><td>${escapeHtml(t.name)}</td><td>${statusBadge(t.status)}</td>` +
      `<td>${escapeHtml(formatValue(t.metric))}</td><td class="num">${formatNumber(t.value)}</td>` +
      `<td class="num">${formatNumber(t.savedValue)}</td>` +
      `<td class="num">${formatNumber(t.previousValue)}</td>` +
      `<td class="num">${formatNumber(t.difference)}</td><td class="num">${interval}</td>` +
      `<td class="num">${t.members}</td><td>${escapeHtml(t.message ?? '')}</td></tr>`
    );
  });

  return (
    '<table class="tests"><thead><tr><th>test</th><th>status</th><th>metric</th>' +
    '<th>value</th><th>saved</th><th>previous</th><th>difference</th>' +
    '<th>95% CI</th><th>members</th><th></th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
