/** The speed benchmark's figures per case, and their table. */
export interface BenchCase {
  n: number;
  d: number;
  k: number;
  secondsPerIteration: number;
  secondsPerIterationTwoThreads: number;
  /** CPU seconds per iteration on one thread: what a busy machine distorts least. */
  cpuSecondsPerIteration: number;
  /** The seeded k-means++ start (on a sample of 32,768 rows). */
  startSeconds: number;
  /** analyzeRun plus the labeling queue; null when skipped. */
  analysisSeconds: number | null;
  analysisBreakdown: Record<string, number> | null;
  /** Peak RSS of the analysis child (of the Lloyd child when skipped). */
  peakRssBytes: number;
  lloydPeakRssBytes: number;
  embeddingBytes: number;
  sklearnSecondsPerIteration: number | null;
  sklearnCpuSecondsPerIteration: number | null;
  /** 1, 5 and 15 minute load averages before and after (2 cores). */
  loadAverage: string;
}

export interface Targets {
  secondsPerIteration1Mx64: number;
  analysisSeconds1Mx256: number;
  rssRatio: number;
}

function figure(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}

export function formatCases(cases: readonly BenchCase[], targets: Targets): string {
  const header = [
    'n x d',
    's/iter 1 thread',
    's/iter 2 threads',
    'sklearn s/iter',
    'ours / sklearn',
    'CPU s/iter ours',
    'CPU s/iter sklearn',
    'analysis s',
    'peak RSS / embedding',
  ];
  const rows = cases.map((c) => [
    `${c.n} x ${c.d}`,
    figure(c.secondsPerIteration),
    figure(c.secondsPerIterationTwoThreads),
    figure(c.sklearnSecondsPerIteration),
    c.sklearnSecondsPerIteration
      ? figure(c.secondsPerIteration / c.sklearnSecondsPerIteration, 2)
      : '-',
    figure(c.cpuSecondsPerIteration),
    figure(c.sklearnCpuSecondsPerIteration),
    figure(c.analysisSeconds, 1),
    figure(c.peakRssBytes / c.embeddingBytes, 2),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i]!.length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');

  return [
    line(header),
    ...rows.map(line),
    '',
    `targets: <= ${targets.secondsPerIteration1Mx64} s/iter (1 thread) at 1M x 64; ` +
      `analysis <= ${targets.analysisSeconds1Mx256} s at 1M x 256; ` +
      `peak RSS <= ${targets.rssRatio} x embedding bytes`,
  ].join('\n');
}
