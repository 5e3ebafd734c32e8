import { AnalysisParameterError } from './errors.ts';
import type { MetadataDifference } from './metadata/types.ts';
import { predicateText } from './rules/predicate-text.ts';
import type { MetadataRule } from './rules/types.ts';

export interface HypothesisInput {
  /** The aggressor's rule, or null when the search found none. */
  rule: MetadataRule | null;
  /** Mean loss inside / mean loss of the rest; null when the rest has zero loss. */
  lossRatio: number | null;
  /** The aggressor's metadata differences, as `compareMetadata` sorts them. */
  differences?: readonly MetadataDifference[];
  /** A difference is used only at or below this q-value. Default 0.05. */
  maxQValue?: number;
}

/**
 * One sentence a person could have written about an aggressor: what sets it
 * apart, then how much worse the model does there. From the rule when there
 * is one ("html and not mailingList: 3.1× the loss of the rest", with the
 * coverage and precision when either is at most one half); else from the
 * most significant metadata difference; else it says no field sets it apart.
 */
export function hypothesisSentence(input: HypothesisInput): string {
  const { rule, lossRatio } = input;
  if (lossRatio !== null && !(Number.isFinite(lossRatio) && lossRatio >= 0)) {
    throw new AnalysisParameterError(
      'lossRatio',
      lossRatio,
      'a finite number >= 0 or null',
    );
  }

  const loss = lossPhrase(lossRatio);
  if (rule !== null) {
    return `${rule.text}${ruleCaveat(rule)}: ${loss}`;
  }
  const top = (input.differences ?? []).find(
    (d) => d.qValue <= (input.maxQValue ?? 0.05) && d.effect !== 0,
  );

  return top === undefined
    ? `No metadata field sets it apart: ${loss}`
    : `${differencePhrase(top)}: ${loss}`;
}

function lossPhrase(lossRatio: number | null): string {
  if (lossRatio === null) {
    return 'loss where the rest has none';
  }

  const shown = lossRatio < 10 ? lossRatio.toFixed(1) : String(Math.round(lossRatio));

  return `${shown}× the loss of the rest`;
}

function ruleCaveat(rule: MetadataRule): string {
  return rule.coverage <= 0.5 || rule.precision <= 0.5
    ? ` (${percent(rule.coverage)} of the group, at ${percent(rule.precision)} precision)`
    : '';
}

function differencePhrase(d: MetadataDifference): string {
  if (d.measure === 'mean') {
    const direction = d.effect > 0 ? 'higher' : 'lower';
    const inside = formatNumber(d.insideMedian ?? d.inside);
    const outside = formatNumber(d.outsideMedian ?? d.outside);
    return `${direction} ${d.field} (median ${inside} vs ${outside} in the rest)`;
  }

  const category = predicateText({ field: d.field, op: '=', value: d.value ?? null });

  return `${category} (${percent(d.inside)} here vs ${percent(d.outside)} in the rest)`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function formatNumber(value: number): string {
  return String(Number(value.toPrecision(4)));
}
