/**
 * The per-run HTML report as one self-contained string: the charting
 * library and the data are inlined, nothing is fetched when it opens.
 * Every string from the run is escaped in HTML, or carried as data in a JSON
 * block that no value can break out of (`escape.ts`).
 */
import { aggressorCard, type CardContext, type Section } from './aggressor-card.ts';
import { chartLibrary } from './chart-library.ts';
import { escapeHtml, scriptJson } from './escape.ts';
import { historySection } from './history-section.ts';
import { mapChart } from './map-chart.ts';
import { mapSection } from './map-section.ts';
import { overviewHtml } from './overview.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { PAGE_STYLE } from './page-style.ts';
import type { RenderOptions, ReportInput } from './types.ts';
import { validateReportInput } from './validate-input.ts';

export const REPORT_DEFAULTS = { maxMapPoints: 5000, seed: 1, snippetLength: 280 };

export function renderReport(input: ReportInput, options: RenderOptions = {}): string {
  validateReportInput(input);
  const settings = { ...REPORT_DEFAULTS, ...options };

  const map = mapSection(
    mapChart(input.samples, input.aggressors, settings.maxMapPoints, settings.seed),
  );
  const cards = aggressorCards(input, settings);
  const history = historySection(input);
  const charts = { ...map.charts, ...cards.charts, ...history.charts };
  const body = [
    headerHtml(input),
    overviewHtml(input),
    map.html,
    '<section id="aggressors"><h2>Aggressors</h2>',
    cards.html || '<p class="muted">This run has no aggressors.</p>',
    '</section>',
    history.html,
    footerHtml(input),
  ].join('\n');

  return documentHtml(input, body, { charts, colorings: map.colorings });
}

function aggressorCards(input: ReportInput, settings: typeof REPORT_DEFAULTS): Section {
  const context: CardContext = {
    samples: input.samples,
    samplesById: new Map(input.samples.map((s) => [s.id, s])),
    labelingQueue: input.labelingQueue,
    snippetLength: settings.snippetLength,
    seed: settings.seed,
  };
  const cards = input.aggressors.map((a) => aggressorCard(a, context));

  return {
    html: cards.map((c) => c.html).join('\n'),
    charts: Object.assign({}, ...cards.map((c) => c.charts)),
  };
}

function headerHtml(input: ReportInput): string {
  const task = input.task ? ` · ${escapeHtml(input.task)}` : '';

  return (
    `<header><h1>${escapeHtml(input.project)} · ${escapeHtml(input.modelVersion)}</h1>` +
    `<p class="sub">Aggressors report · run <code>${escapeHtml(input.runId)}</code>${task}</p></header>`
  );
}

function footerHtml(input: ReportInput): string {
  const when =
    input.generatedAtEpochMs === undefined
      ? ''
      : ` on ${new Date(input.generatedAtEpochMs).toISOString()}`;

  return `<footer>Written by aggressors${when}. Charts: vega-lite, inlined.</footer>`;
}

function documentHtml(input: ReportInput, body: string, data: unknown): string {
  const library = chartLibrary()
    .map((script) => `<script data-library="${script.name}">${script.source}</script>`)
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${input.project} ${input.modelVersion} · aggressors`)}</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
${library}
</head>
<body>
<main>
${body}
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
