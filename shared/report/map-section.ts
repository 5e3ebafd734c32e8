/** The map section: what is drawn, the colour picker and the chart. */
import type { Section } from './aggressor-card.ts';
import { escapeHtml } from './escape.ts';
import type { MapChart } from './map-chart.ts';

export function mapSection(
  map: MapChart,
): Section & { colorings: Record<string, unknown> } {
  const options = map.colorings.map(
    (c) => `<option value="${escapeHtml(c.key)}">${escapeHtml(c.label)}</option>`,
  );
  const colorings = Object.fromEntries(map.colorings.map((c) => [c.key, c.encoding]));
  const html = [
    '<section id="map"><h2>Map of the samples</h2>',
    `<p id="map-count">${shownText(map)}</p>`,
    `<label class="pick">Colour by <select id="map-colour">${options.join('')}</select></label>`,
    '<div class="chart" data-chart="map"></div>',
    '</section>',
  ].join('\n');

  return { html, charts: { map: map.spec }, colorings };
}

function shownText({ shown, placed, unplaced }: MapChart): string {
  const drawn =
    shown === placed
      ? `All ${placed} samples with map coordinates are drawn.`
      : `Showing ${shown} of ${placed} samples with map coordinates (a seeded random subsample).`;
  const left =
    unplaced > 0
      ? ` ${unplaced} samples without coordinates (quarantined) are not drawn.`
      : '';

  return `${drawn}${left} Hover a point for its id, label, prediction and loss.`;
}
