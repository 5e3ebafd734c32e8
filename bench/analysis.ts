/**
 * The speed benchmark (docs/benchmarks.md, "Speed"): planted embeddings
 * written as float32 `.npy` and read back from disk; seconds per Lloyd
 * iteration at k = 32 on one thread and on two, scikit-learn's Lloyd on the
 * same data and start when Debian's python3-sklearn is there, the full
 * analysis, and each child process's peak memory. Writes
 * bench/results/analysis.json.
 *
 *   npm run bench:analysis [-- --cases 100000x128,1000000x64] [--skip-analysis]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { AnalysisBenchError } from './analysis/errors.ts';
import { writePlantedEmbeddings } from './analysis/synthetic.ts';
import { formatCases, type BenchCase } from './analysis/table.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const PYTHON = '/usr/bin/python3';
const TARGETS = {
  secondsPerIteration1Mx64: 0.3,
  analysisSeconds1Mx256: 60,
  rssRatio: 2,
};

function parseOptions() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '100000x128,1000000x64,1000000x256' },
      k: { type: 'string', default: '32' },
      iterations: { type: 'string', default: '20' },
      pool: { type: 'string', default: '100000' },
      'skip-analysis': { type: 'boolean', default: false },
      out: {
        type: 'string',
        default: path.join(REPO_ROOT, 'bench/results/analysis.json'),
      },
    },
  });
  const cases = values.cases.split(',').map((text) => {
    const [n, d] = text.split('x').map(Number);
    if (!Number.isInteger(n) || !Number.isInteger(d) || !(n! > 0 && d! > 0)) {
      throw new AnalysisBenchError('a case is NxD, e.g. 100000x128', 'cases', text);
    }
    return { n: n as number, d: d as number };
  });

  return {
    cases,
    k: Number(values.k),
    iterations: Number(values.iterations),
    poolRows: Number(values.pool),
    skipAnalysis: values['skip-analysis'],
    out: values.out,
  };
}

/** Runs a command and parses the JSON of its last line. */
function runJson(command: string, args: string[]): Record<string, number> {
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const lines = result.stdout.trim().split('\n');
  if (result.status !== 0) {
    throw new AnalysisBenchError(
      `${path.basename(args[args.length > 2 ? 2 : 0] ?? command)} failed: ${result.stderr.slice(-2000)}`,
      'exitCode',
      result.status,
    );
  }

  return JSON.parse(lines[lines.length - 1] as string) as Record<string, number>;
}

function child(args: string[]) {
  return runJson(process.execPath, [
    '--import',
    'tsx',
    path.join(HERE, 'analysis/child.ts'),
    ...args,
  ]);
}

function sklearnAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import sklearn, threadpoolctl']).status === 0;
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

function runCase(
  { n, d }: { n: number; d: number },
  options: ReturnType<typeof parseOptions>,
  withSklearn: boolean,
): BenchCase {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggressors-bench-'));
  try {
    const data = path.join(dir, 'embeddings.npy');
    const start = path.join(dir, 'start.npy');
    const writeBegan = performance.now();
    writePlantedEmbeddings(data, n, d, 20260301);
    log(
      `${n}x${d}: wrote ${data} in ${((performance.now() - writeBegan) / 1000).toFixed(1)} s`,
    );

    const loadBefore = load();
    const lloyd = child([
      'lloyd',
      data,
      String(options.k),
      String(options.iterations),
      start,
    ]);
    log(`${n}x${d}: lloyd ${JSON.stringify(lloyd)} (load ${loadBefore})`);
    const sklearn = withSklearn
      ? runJson(PYTHON, [
          path.join(HERE, 'analysis/sklearn_lloyd.py'),
          data,
          start,
          String(options.iterations),
        ])
      : null;
    if (sklearn) log(`${n}x${d}: sklearn ${JSON.stringify(sklearn)}`);
    const analysis = options.skipAnalysis
      ? null
      : child(['analysis', data, String(options.poolRows)]);
    if (analysis)
      log(`${n}x${d}: analysis ${JSON.stringify(analysis)} (load ${load()})`);

    return {
      n,
      d,
      k: options.k,
      secondsPerIteration: lloyd.secondsPerIteration as number,
      secondsPerIterationTwoThreads: lloyd.secondsPerIterationTwoThreads as number,
      cpuSecondsPerIteration: lloyd.cpuSecondsPerIteration as number,
      startSeconds: lloyd.startSeconds as number,
      analysisSeconds: analysis?.analysisSeconds ?? null,
      analysisBreakdown: analysis,
      peakRssBytes: analysis?.peakRssBytes ?? (lloyd.peakRssBytes as number),
      lloydPeakRssBytes: lloyd.peakRssBytes as number,
      embeddingBytes: n * d * 4,
      sklearnSecondsPerIteration: sklearn
        ? (sklearn.seconds as number) / (sklearn.iterations as number)
        : null,
      sklearnCpuSecondsPerIteration: sklearn
        ? (sklearn.cpuSeconds as number) / (sklearn.iterations as number)
        : null,
      loadAverage: `${loadBefore} -> ${load()}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function main() {
  const options = parseOptions();
  const withSklearn = sklearnAvailable();
  if (!withSklearn) log(`${PYTHON} cannot import sklearn: no side-by-side figures`);
  const cases = options.cases.map((c) => runCase(c, options, withSklearn));

  process.stdout.write(`${formatCases(cases, TARGETS)}\n`);
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify({ iterations: options.iterations, targets: TARGETS, cases }, null, 2)}\n`,
  );
  process.stdout.write(`${options.out}\n`);
}

main();
