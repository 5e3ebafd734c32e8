import type { SliceResult } from './run-setting.ts';
import { FOUND_PRECISION_AT_10, SLICE_KINDS, type SliceKind } from './settings.ts';
import type { SliceScore } from './types.ts';

/** One method's figures over a set of scored slices; null when there are none. */
export interface Figures {
  settings: number;
  /** Share of slices with P@10 >= FOUND_PRECISION_AT_10. */
  foundShare: number | null;
  meanP10: number | null;
  meanP25: number | null;
  meanAuroc: number | null;
}

export interface KindSummary {
  /** Slices planted, took or not. */
  planted: number;
  /** Slices that took and were scored. */
  settings: number;
  /** Slices that did not take (dropped before scoring). */
  dropped: number;
  foundShare: number | null;
  foundShareBlind: number | null;
  meanP10: number | null;
  meanP25: number | null;
  meanAuroc: number | null;
  /** The same figures with the slice-defining field hidden. */
  blind: Figures;
}

/** The centre oracle's figures over the settings that took (centre-oracle.ts). */
export interface OracleSummary {
  settings: number;
  foundShare: number | null;
  meanP10: number | null;
  byKind: Record<SliceKind, Omit<OracleSummary, 'byKind'>>;
}

export interface QualitySummary extends KindSummary {
  byKind: Record<SliceKind, KindSummary>;
  oracle: OracleSummary;
  /** Plain k-means ranked by loss; it reads no metadata, so blind equals all. */
  baseline: Omit<KindSummary, 'blind'> & {
    byKind: Record<SliceKind, Omit<KindSummary, 'blind'>>;
  };
}

type Pass = 'all' | 'blind' | 'baseline';

/** The benchmark's figures: overall, per kind, and the same for the baseline. */
export function summarize(results: readonly SliceResult[]): QualitySummary {
  const byKind = (pass: Pass) =>
    Object.fromEntries(
      SLICE_KINDS.map((kind) => [
        kind,
        kindSummary(
          results.filter((r) => r.kind === kind),
          pass,
        ),
      ]),
    ) as Record<SliceKind, KindSummary>;
  const { blind: _blind, ...baseline } = kindSummary(results, 'baseline');

  return {
    ...kindSummary(results, 'all'),
    byKind: byKind('all'),
    oracle: oracleSummary(results),
    baseline: {
      ...baseline,
      byKind: Object.fromEntries(
        Object.entries(byKind('baseline')).map(([kind, { blind: _b, ...rest }]) => [
          kind,
          rest,
        ]),
      ) as Record<SliceKind, Omit<KindSummary, 'blind'>>,
    },
  };
}

function oracleSummary(results: readonly SliceResult[]): OracleSummary {
  const of = (subset: readonly SliceResult[]) => {
    const p10 = subset.flatMap((r) => (r.oracle ? [r.oracle.precisionAt10] : []));
    const mean = (values: number[]) =>
      values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
    return {
      settings: p10.length,
      foundShare: mean(p10.map((p) => (p >= FOUND_PRECISION_AT_10 ? 1 : 0))),
      meanP10: mean(p10),
    };
  };

  return {
    ...of(results),
    byKind: Object.fromEntries(
      SLICE_KINDS.map((kind) => [kind, of(results.filter((r) => r.kind === kind))]),
    ) as OracleSummary['byKind'],
  };
}

function kindSummary(results: readonly SliceResult[], pass: Pass): KindSummary {
  const scored = results.filter((r) => r.scores !== null);
  const main = figures(scored.map((r) => scoreOf(r, pass)));
  const blind = figures(
    scored.map((r) => scoreOf(r, pass === 'baseline' ? pass : 'blind')),
  );

  return {
    planted: results.length,
    settings: scored.length,
    dropped: results.length - scored.length,
    foundShare: main.foundShare,
    foundShareBlind: blind.foundShare,
    meanP10: main.meanP10,
    meanP25: main.meanP25,
    meanAuroc: main.meanAuroc,
    blind,
  };
}

function scoreOf(result: SliceResult, pass: Pass): SliceScore {
  return (result.scores as NonNullable<SliceResult['scores']>)[pass];
}

/** Means and the found share over slice scores; nulls when there are none. */
export function figures(scores: readonly SliceScore[]): Figures {
  const mean = (pick: (s: SliceScore) => number) =>
    scores.length === 0
      ? null
      : scores.reduce((sum, s) => sum + pick(s), 0) / scores.length;

  return {
    settings: scores.length,
    foundShare: mean((s) => (s.precisionAt10 >= FOUND_PRECISION_AT_10 ? 1 : 0)),
    meanP10: mean((s) => s.precisionAt10),
    meanP25: mean((s) => s.precisionAt25),
    meanAuroc: mean((s) => s.auroc),
  };
}
