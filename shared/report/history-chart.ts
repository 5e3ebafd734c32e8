/**
 * A saved test's metric across model versions: its only symbol mark has
 * one point per version (a regression or failure drawn as a larger
 * diamond and labelled), the value when saved as a dashed rule
 * and the threshold as a solid one.
 */
import type { ChartSpec } from './map-chart.ts';
import type { ReportTestHistory, TestStatus } from './types.ts';

const STATUS_COLOURS: Record<TestStatus | 'saved', string> = {
  saved: '#9467bd',
  pass: '#2ca02c',
  improved: '#1f77b4',
  fail: '#d62728',
  regressed: '#d62728',
  'not-applicable': '#8c8c8c',
  error: '#7f3f00',
};

export function historySpec(history: ReportTestHistory): ChartSpec {
  const versions = history.points.map((p) => p.modelVersion);
  const points = history.points
    .filter((p) => p.value !== null && Number.isFinite(p.value))
    .map((p) => ({ ...p, marked: p.status === 'regressed' || p.status === 'fail' }));
  const x = {
    field: 'modelVersion',
    type: 'ordinal',
    title: 'model version',
    sort: versions,
    scale: { domain: versions },
    axis: { labelAngle: 0 },
  };

  return {
    title: { text: history.name, subtitle: history.metric ?? '' },
    width: Math.max(220, 90 * versions.length),
    height: 200,
    layer: [
      ...referenceRules(history),
      {
        data: { values: points },
        mark: { type: 'line', color: '#555' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: history.metric ?? 'value' },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, tooltip: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative' },
          color: statusColour(),
          size: { condition: { test: 'datum.marked', value: 260 }, value: 70 },
          shape: {
            condition: { test: 'datum.marked', value: 'diamond' },
            value: 'circle',
          },
        },
      },
      {
        data: { values: points.filter((p) => p.marked) },
        mark: { type: 'text', dy: -14, fontWeight: 'bold', color: '#d62728' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative' },
          text: { field: 'status', type: 'nominal' },
        },
      },
    ],
  };
}

function statusColour(): ChartSpec {
  const statuses = Object.keys(STATUS_COLOURS) as (TestStatus | 'saved')[];

  return {
    field: 'status',
    type: 'nominal',
    title: 'status',
    scale: { domain: statuses, range: statuses.map((s) => STATUS_COLOURS[s]) },
  };
}

/** The saved value (dashed) and the threshold (solid), when known. */
function referenceRules(history: ReportTestHistory): ChartSpec[] {
  const rules: ChartSpec[] = [];
  if (history.savedValue !== null) {
    rules.push(ruleAt(history.savedValue, 'saved', [4, 3], '#1f77b4'));
  }
  if (history.threshold !== null) {
    rules.push(ruleAt(history.threshold, 'threshold', [], '#d62728'));
  }

  return rules;
}

function ruleAt(
  value: number,
  name: string,
  dash: number[],
  colour: string,
): ChartSpec {
  return {
    data: { values: [{ value, name }] },
    layer: [
      {
        mark: { type: 'rule', strokeDash: dash, color: colour },
        encoding: { y: { field: 'value', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: colour, x: 0 },
        encoding: {
          y: { field: 'value', type: 'quantitative' },
          text: { field: 'name', type: 'nominal' },
        },
      },
    ],
  };
}
