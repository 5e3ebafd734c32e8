/** The typical and worst samples of an aggressor, as a small table. */
import { escapeHtml } from './escape.ts';
import { formatNumber, formatValue } from './format.ts';
import { sampleContentHtml } from './sample-content.ts';
import type { ReportSample } from './types.ts';

export function sampleListHtml(
  title: string,
  ids: readonly string[],
  samplesById: ReadonlyMap<string, ReportSample>,
  snippetLength: number,
): string {
  if (ids.length === 0) return `<h4>${escapeHtml(title)}</h4><p class="muted">none</p>`;

  const rows = ids.map((id) => {
    const sample = samplesById.get(id);
    if (sample === undefined) {
      return `<tr><td><code>${escapeHtml(id)}</code></td><td colspan="4" class="muted">not among the run's scored samples</td></tr>`;
    }
    return (
      `<tr><td><code>${escapeHtml(id)}</code></td>` +
      `<td>${escapeHtml(formatValue(sample.label))}</td>` +
      `<td>${escapeHtml(formatValue(sample.prediction))}</td>` +
      `<td class="num">${formatNumber(sample.loss)}</td>` +
      `<td>${sampleContentHtml(sample.input, snippetLength)}</td></tr>`
    );
  });

  return (
    `<h4>${escapeHtml(title)}</h4><table class="samples">` +
    '<thead><tr><th>id</th><th>label</th><th>prediction</th><th>loss</th><th>input</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
