/**
 * Opening a report file in Chromium as a reader would, with every request
 * other than the file itself aborted and recorded, and reading back what
 * each chart drew through the vega View API (`window.reportViews`).
 */
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export interface OpenedReport {
  page: Page;
  /** Requests the page made for anything but its own file (all aborted). */
  blocked: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

/** Per chart: items drawn by its symbol marks and by all its data marks. */
export interface ChartMarks {
  symbols: number;
  items: number;
  /** The x scale's domain size (history charts: the versions). */
  xDomain: number | null;
}

export async function openReport(
  browser: Browser,
  path: string,
): Promise<OpenedReport> {
  const url = pathToFileURL(path).href;
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const blocked: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => void errors.push(e.message));
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });

  await page.goto(url);
  await page.waitForSelector('body[data-charts]', { timeout: 30_000 });
  const state = await page.getAttribute('body', 'data-charts');
  if (state !== 'ready') errors.push(`charts ${state}`);

  return { page, blocked, errors };
}

/**
 * Walks each view's scenegraph. Given as a string: functions passed to the
 * page must not carry the test runner's transforms.
 */
const COUNT_MARKS = `(() => {
  const out = {};
  for (const [id, view] of Object.entries(window.reportViews || {})) {
    const marks = { symbols: 0, items: 0, xDomain: null };
    const walk = (node) => {
      if (node.marktype && node.role === 'mark') {
        const n = node.items ? node.items.length : 0;
        marks.items += n;
        if (node.marktype === 'symbol') marks.symbols += n;
      }
      for (const item of node.items || []) if (item.items) walk(item);
    };
    walk(view.scenegraph().root);
    try { marks.xDomain = view.scale('x').domain().length; } catch (e) { marks.xDomain = null; }
    out[id] = marks;
  }
  return out;
})()`;

export async function chartMarks(page: Page): Promise<Record<string, ChartMarks>> {
  return (await page.evaluate(COUNT_MARKS)) as Record<string, ChartMarks>;
}

/** Points the page's data block gives the map. */
export async function mapDataPoints(page: Page): Promise<number> {
  return (await page.evaluate(
    `JSON.parse(document.getElementById('report-data').textContent).charts.map.datasets.points.length`,
  )) as number;
}

/** Picks a colouring of the map and waits for it to be drawn. */
export async function recolourMap(page: Page, key: string): Promise<void> {
  await page.selectOption('#map-colour', key);
  await page.waitForSelector(`body[data-map="${key}"]`);
}

/** Texts of the map's legend title(s). */
export async function mapLegendTitles(page: Page): Promise<string[]> {
  return page.locator('[data-chart="map"] .role-legend-title').allTextContents();
}

/** Each history chart's drawn points: the version and status behind each symbol. */
const HISTORY_POINTS = `(() => {
  const out = {};
  for (const [id, view] of Object.entries(window.reportViews || {})) {
    if (!/^h\\d+$/.test(id)) continue;
    const points = [];
    const walk = (node) => {
      if (node.marktype === 'symbol' && node.role === 'mark') {
        for (const item of node.items || []) {
          points.push({ modelVersion: item.datum.modelVersion, status: item.datum.status });
        }
      }
      for (const item of node.items || []) if (item.items) walk(item);
    };
    walk(view.scenegraph().root);
    out[id] = { points };
  }
  return out;
})()`;

export interface HistoryPoint {
  modelVersion: string;
  status: string;
}

export async function historyPoints(
  page: Page,
): Promise<Record<string, HistoryPoint[]>> {
  const charts = (await page.evaluate(HISTORY_POINTS)) as Record<
    string,
    { points: HistoryPoint[] }
  >;

  return Object.fromEntries(Object.entries(charts).map(([id, c]) => [id, c.points]));
}
