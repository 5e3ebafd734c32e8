/**
 * The report of a small real run (test/shared/report/fixture-run.ts) as a
 * person sees it: Debian's Chromium, offline, every request but the file
 * itself blocked. A screenshot is saved under test/browser/screenshots/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../shared/report/render-report.ts';
import type { RenderOptions, ReportInput } from '../../shared/report/types.ts';
import { fixtureRun } from '../shared/report/fixture-run.ts';
import { INJECTION } from '../shared/report/injection.ts';
import { launchChromium } from './chromium.ts';
import {
  chartMarks,
  mapDataPoints,
  mapLegendTitles,
  openReport,
  recolourMap,
} from './report-page.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const dir = mkdtempSync(join(tmpdir(), 'aggressors-report-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

function reportFile(name: string, input: ReportInput, options?: RenderOptions): string {
  const path = join(dir, `${name}.html`);
  writeFileSync(path, renderReport(input, options));

  return path;
}

const placed = (input: ReportInput) => input.samples.filter((s) => s.x !== null).length;

describe('Report in Chromium: a small real run', () => {
  const run = fixtureRun();

  it('opens offline, draws every chart and logs no error', async () => {
    const { page, blocked, errors } = await openReport(browser, reportFile('run', run));
    const marks = await chartMarks(page);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true });

    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    expect(Object.keys(marks)).toEqual(
      expect.arrayContaining(['map', 'a1-shares', 'h0']),
    );
    for (const [id, drawn] of Object.entries(marks)) {
      expect(drawn.items, `chart ${id} drew nothing`).toBeGreaterThan(0);
    }
  });

  it('draws one map point per sample shown', async () => {
    const { page } = await openReport(browser, reportFile('map', run));

    expect((await chartMarks(page)).map?.symbols).toBe(placed(run));
    expect(await mapDataPoints(page)).toBe(placed(run));
  });

  it('draws exactly the subsample it states for a large run', async () => {
    const { page } = await openReport(
      browser,
      reportFile('sub', run, { maxMapPoints: 100 }),
    );

    expect((await chartMarks(page)).map?.symbols).toBe(100);
    expect(await page.textContent('#map-count')).toContain(
      `Showing 100 of ${placed(run)} samples`,
    );
  });

  it('draws one history point per model version, the regression marked', async () => {
    const { page } = await openReport(browser, reportFile('history', run));
    const versions = run.history?.tests[0]?.points.length;
    const chart = page.locator('[data-chart="h0"]');

    expect(versions).toBe(3);
    expect((await chartMarks(page)).h0).toMatchObject({
      symbols: versions,
      xDomain: versions,
    });
    expect(await chart.locator('.role-mark text').allTextContents()).toContain(
      'regressed',
    );
  });

  it('recolours the map by a metadata field the reader picks', async () => {
    const { page, errors } = await openReport(browser, reportFile('recolour', run));
    const key = await page
      .locator('#map-colour option', { hasText: 'metadata: source' })
      .getAttribute('value');
    await recolourMap(page, key ?? '');

    expect(await mapLegendTitles(page)).toEqual(['source']);
    expect((await chartMarks(page)).map?.symbols).toBe(placed(run));
    expect(errors).toEqual([]);
  });
});

describe('Report in Chromium: untrusted strings', () => {
  const run = fixtureRun({ inject: true });

  it('runs nothing injected through sample texts, metadata values or field names', async () => {
    const { page, blocked, errors } = await openReport(
      browser,
      reportFile('inject', run),
    );
    const fieldName = `field ${INJECTION}`;
    const key = await page
      .locator('#map-colour option', { hasText: fieldName })
      .getAttribute('value');
    await recolourMap(page, key ?? '');
    const injected = await page.evaluate('window.__injected');

    expect(injected).toBeUndefined();
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(await page.locator('img:not(.heatmap)').count()).toBe(0);
    const [title = ''] = await mapLegendTitles(page);
    expect(title.length).toBeGreaterThan(20);
    expect(fieldName.startsWith(title.replace(/…$/, ''))).toBe(true);
  });

  it('shows each injected string as text', async () => {
    const { page } = await openReport(browser, reportFile('inject-text', run));
    const text = await page.innerText('main');
    const worst = run.aggressors[0]?.representatives.worst[0] ?? '';

    expect(worst).toContain(INJECTION);
    expect(text).toContain(worst);
    expect(await page.locator('#map-colour').innerText()).toContain(
      `field ${INJECTION}`,
    );
  });
});
