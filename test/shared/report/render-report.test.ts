import { describe, expect, it } from 'vitest';
import { ReportInputError } from '../../../shared/report/errors.ts';
import { chartLibrary } from '../../../shared/report/chart-library.ts';
import { renderReport } from '../../../shared/report/render-report.ts';
import type { ReportInput } from '../../../shared/report/types.ts';
import { fixtureRun } from './fixture-run.ts';
import { INJECTION } from './injection.ts';
import { largeRun } from './large-run.ts';
import { reportData } from './report-html.ts';

const RUN = fixtureRun();
const INJECTED = fixtureRun({ inject: true });

describe('Function: renderReport', () => {
  it('writes one card per aggressor, linked from the ranked table', () => {
    const html = renderReport(RUN);

    expect(RUN.aggressors.length).toBeGreaterThan(0);
    for (const { rank } of RUN.aggressors) {
      expect(html).toContain(`<section class="card" id="aggressor-${rank}">`);
      expect(html).toContain(`<a href="#aggressor-${rank}">#${rank}</a>`);
    }
  });

  it('puts one map point per sample with coordinates in the data block', () => {
    const points = reportData(renderReport(RUN)).charts.map?.datasets?.points ?? [];
    const placed = RUN.samples.filter((s) => s.x !== null);

    expect(points).toHaveLength(placed.length);
    expect(points[0]).toMatchObject({ id: placed[0]?.id, loss: placed[0]?.loss });
  });

  it('subsamples a large run for the map and says how many are shown', () => {
    const html = renderReport(RUN, { maxMapPoints: 100 });

    expect(reportData(html).charts.map?.datasets?.points).toHaveLength(100);
    expect(html).toContain(`Showing 100 of ${RUN.samples.length} samples`);
  });

  it('inlines the charting library and links nothing outside the file', () => {
    const html = renderReport(RUN);

    expect(html).toContain('<script data-library="vega">');
    expect(html).toContain('<script data-library="vega-lite">');
    expect(html).toContain('<script data-library="vega-embed">');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)/);
  });

  it('inlines an aggressor heatmap as a PNG data URI', () => {
    const html = renderReport(RUN);

    expect(RUN.aggressors[0]?.heatmapPng).toBeDefined();
    expect(html).toContain(
      '<img class="heatmap" alt="mean heatmap of aggressor #1" src="data:image/png;base64,iVBORw0KGgo',
    );
  });

  it('shows the saved-test table with a badge per status and the history chart', () => {
    const html = renderReport(RUN);

    expect(html).toContain('<span class="badge status-regressed">regressed</span>');
    expect(reportData(html).charts.h0).toBeDefined();
  });

  it('leaves no injected string unescaped in sample texts, metadata values or field names', () => {
    const html = renderReport(INJECTED);
    const scripts = html.match(/<\/script>/g) ?? [];

    expect(html).not.toContain(INJECTION);
    expect(html).not.toContain('<img src=x');
    expect(scripts).toHaveLength(5);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=');
  });

  it('colours the map by a metadata field under a generated key, its name only as a title', () => {
    const { colorings } = reportData(renderReport(INJECTED));
    const byName = Object.entries(colorings).find(
      ([, c]) => c.title === `field ${INJECTION}`,
    );

    expect(byName?.[0]).toMatch(/^m\d+$/);
    expect(byName?.[1].field).toBe(byName?.[0]);
  });

  it('says so when a run has no aggressors and no saved tests', () => {
    const html = renderReport({
      ...RUN,
      aggressors: [],
      tests: [],
      history: undefined,
    });

    expect(html).toContain('This run has no aggressors.');
    expect(html).toContain('No saved tests ran');
    expect(html).toContain('No saved test has a history yet.');
  });

  it('gives the labeling manifest a link and its s3:// address, escaped', () => {
    const uri = 's3://bkt/results/p/v1/r<x>/labeling-queue.manifest';
    const html = renderReport({
      ...RUN,
      labelingQueue: { size: 12, href: 'labeling-queue.manifest', uri },
    });

    expect(html).toContain(
      'of 12 in <a href="labeling-queue.manifest">the labeling manifest</a> ' +
        '(<code>s3://bkt/results/p/v1/r&lt;x&gt;/labeling-queue.manifest</code>).',
    );
  });

  it('prints counts in the action evidence as counts, measures with decimals', () => {
    const [first, ...rest] = RUN.aggressors;
    const action = { ...first!.action, evidence: { members: 1200, meanLoss: 0.5 } };
    const html = renderReport({ ...RUN, aggressors: [{ ...first!, action }, ...rest] });

    expect(html).toContain('<td>members</td><td class="num">1,200</td>');
    expect(html).toContain('<td>meanLoss</td><td class="num">0.500</td>');
  });

  it('renders the same page for the same input', () => {
    expect(renderReport(RUN)).toBe(renderReport(RUN));
  });
});

describe('Function: renderReport, a million samples', () => {
  it('stays under 2 MB besides the inlined chart library', () => {
    const html = renderReport(largeRun(1_000_000));
    const library = chartLibrary().reduce(
      (bytes, script) => bytes + Buffer.byteLength(script.source),
      0,
    );

    expect(Buffer.byteLength(html) - library).toBeLessThan(2_000_000);
    expect(html).toContain('distribution inside vs outside, all 1,000,000 values');
    expect(html).toContain('1,500 of 1,000,000 samples shown (seeded)');
  });
});

describe('Function: renderReport, bad input', () => {
  const withSample = (
    change: Partial<ReportInput['samples'][number]>,
  ): ReportInput => ({
    ...RUN,
    samples: [
      { ...(RUN.samples[0] as ReportInput['samples'][number]), ...change },
      ...RUN.samples.slice(1),
    ],
  });

  it('refuses a repeated sample id, naming the field and value', () => {
    const input = { ...RUN, samples: [...RUN.samples, RUN.samples[0]!] };

    expect(() => renderReport(input)).toThrow(ReportInputError);
    expect(() => renderReport(input)).toThrow(
      `report input samples[${RUN.samples.length}].id: needed a unique id, got "${RUN.samples[0]?.id}"`,
    );
  });

  it('refuses a non-finite loss', () => {
    expect(() => renderReport(withSample({ loss: Number.NaN }))).toThrow(
      'report input samples[0].loss: needed a finite number, got NaN',
    );
  });

  it('refuses a sample with only one map coordinate', () => {
    expect(() => renderReport(withSample({ x: 1, y: null }))).toThrow(
      'report input samples[0].x/y: needed two finite coordinates, or both null, got [1,null]',
    );
  });

  it('refuses an empty model version', () => {
    expect(() => renderReport({ ...RUN, modelVersion: '' })).toThrow(
      'report input modelVersion: needed a non-empty string, got ""',
    );
  });
});
