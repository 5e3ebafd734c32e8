import { AnalysisParameterError } from '../errors.ts';
import { studentTCdf } from '../stats/distributions.ts';
import type {
  CategoricalColumn,
  CategoricalFieldLoss,
  FieldLoss,
  MetadataTable,
  NumericColumn,
  NumericFieldLoss,
} from './types.ts';
import { sortedRanks } from './sorted-ranks.ts';

/**
 * Loss against every non-constant field over the whole run: for a numeric
 * field, Spearman's rho between value and loss with its two-sided p-value
 * (t approximation, n - 2 degrees of freedom, as scipy.stats.spearmanr),
 * plus the mean loss where the value is missing; for a categorical or
 * boolean field, the mean loss and count of each value, worst first.
 */
export function lossByField(table: MetadataTable, losses: Float64Array): FieldLoss[] {
  if (losses.length !== table.size) {
    throw new AnalysisParameterError('losses', losses.length, `${table.size} losses`);
  }
  const bad = losses.findIndex((loss) => !Number.isFinite(loss));
  if (bad >= 0) {
    throw new AnalysisParameterError(`losses[${bad}]`, losses[bad], 'a finite number');
  }

  return table.columns
    .filter((c) => !c.constant)
    .map((c) =>
      c.kind === 'numeric' ? numericLoss(c, losses) : categoricalLoss(c, losses),
    );
}

function numericLoss(column: NumericColumn, losses: Float64Array): NumericFieldLoss {
  const values: number[] = [];
  const paired: number[] = [];
  let missingLoss = 0;
  column.values.forEach((v, i) => {
    if (Number.isNaN(v)) {
      missingLoss += losses[i] as number;
    } else {
      values.push(v);
      paired.push(losses[i] as number);
    }
  });

  const missing =
    column.missingCount === 0
      ? null
      : { count: column.missingCount, meanLoss: missingLoss / column.missingCount };
  const base = {
    field: column.field,
    kind: 'numeric' as const,
    count: values.length,
    missing,
  };

  return { ...base, ...spearman(values, paired) };
}

function spearman(
  x: number[],
  y: number[],
): Pick<NumericFieldLoss, 'rho' | 'pValue' | 'note'> {
  const n = x.length;
  if (n < 3) {
    return { rho: null, pValue: null, note: 'too-few-values' };
  }

  const rx = sortedRanks(x);
  const ry = sortedRanks(y);
  if (rx.every((r) => r === rx[0]) || ry.every((r) => r === ry[0])) {
    const note = rx.every((r) => r === rx[0]) ? 'constant-values' : 'constant-loss';
    return { rho: null, pValue: null, note };
  }
  const rho = pearson(rx, ry);

  const t = rho * Math.sqrt((n - 2) / Math.max(1 - rho * rho, 0));

  return { rho, pValue: Math.abs(rho) >= 1 ? 0 : 2 * studentTCdf(-Math.abs(t), n - 2) };
}

/** Pearson's r of two series that both vary. */
function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    const dx = xi - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  });

  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function categoricalLoss(
  column: CategoricalColumn,
  losses: Float64Array,
): CategoricalFieldLoss {
  const sums = column.levels.map(() => 0);
  column.codes.forEach((code, i) => {
    sums[code]! += losses[i] as number;
  });

  const values = column.levels
    .map((value, l) => {
      const count = column.counts[l] as number;
      return { value, count, meanLoss: (sums[l] as number) / count };
    })
    .sort((a, b) => b.meanLoss - a.meanLoss || b.count - a.count);

  return { field: column.field, kind: column.kind, values };
}
