import { SLICE_KINDS, type SliceKind } from './settings.ts';
import type { Figures, QualitySummary } from './summary.ts';

const HEADER = [
  'method',
  'metadata',
  'kind',
  'slices',
  'found',
  'P@10',
  'P@25',
  'AUROC',
];
const LEFT_ALIGNED = 3;

interface Pass {
  method: string;
  metadata: string;
  overall: Figures;
  byKind: Record<SliceKind, Figures>;
}

/** The summary as a fixed-width text table: one row per method, pass and kind. */
export function formatTable(summary: QualitySummary): string {
  const blindByKind = (kind: SliceKind) => summary.byKind[kind].blind;
  const passes: Pass[] = [
    { method: 'aggressors', metadata: 'all', overall: summary, byKind: summary.byKind },
    {
      method: 'aggressors',
      metadata: 'hidden',
      overall: summary.blind,
      byKind: mapKinds(blindByKind),
    },
    {
      method: 'k-means+loss',
      metadata: 'unused',
      overall: summary.baseline,
      byKind: summary.baseline.byKind,
    },
  ];
  const table = [HEADER, ...passes.flatMap(passRows)];
  const widths = HEADER.map((_, c) =>
    Math.max(...table.map((row) => row[c]?.length ?? 0)),
  );

  return table
    .map((row) => row.map((cell, c) => pad(cell, widths[c] ?? 0, c)).join('  '))
    .join('\n');
}

function passRows(pass: Pass): string[][] {
  const rows: Array<[string, Figures]> = [
    ...SLICE_KINDS.map((kind): [string, Figures] => [kind, pass.byKind[kind]]),
    ['overall', pass.overall],
  ];

  return rows.map(([kind, f]) => [
    pass.method,
    pass.metadata,
    kind,
    String(f.settings),
    f.foundShare === null ? '-' : `${(100 * f.foundShare).toFixed(0)} %`,
    fixed(f.meanP10),
    fixed(f.meanP25),
    fixed(f.meanAuroc),
  ]);
}

function mapKinds(pick: (kind: SliceKind) => Figures): Record<SliceKind, Figures> {
  return Object.fromEntries(SLICE_KINDS.map((kind) => [kind, pick(kind)])) as Record<
    SliceKind,
    Figures
  >;
}

function pad(cell: string, width: number, column: number): string {
  return column < LEFT_ALIGNED ? cell.padEnd(width) : cell.padStart(width);
}

function fixed(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}
