/**
 * One measurement of the speed benchmark, in a process of its own so that
 * its peak memory is its own: `lloyd` times Lloyd iterations on one thread
 * and on two; `analysis` times the full analysis. Prints one JSON line.
 *
 *   tsx bench/analysis/child.ts lloyd DATA.npy K ITERATIONS START_OUT.npy
 *   tsx bench/analysis/child.ts analysis DATA.npy POOL_ROWS
 */
import { kmeansPlusPlus } from '../../shared/analysis/kmeans-plus-plus.ts';
import { setKernelThreads } from '../../shared/analysis/kernels/kernels.ts';
import { LloydSession } from '../../shared/analysis/kernels/lloyd.ts';
import { seededRandom } from '../../shared/analysis/random.ts';
import { timeAnalysis } from './full-analysis.ts';
import { readNpyIntoKernels, writeNpy } from './npy-file.ts';
import { AnalysisBenchError } from './errors.ts';

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Seconds per Lloyd iteration from `start` on `threads` threads: wall
 * clock, and this process's CPU time (all its threads).
 */
function lloydSeconds(
  session: LloydSession,
  start: Float64Array,
  iterations: number,
  threads: number,
): { wall: number; cpu: number } {
  setKernelThreads(threads);
  const { d } = session;
  let centroids = start;
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let it = 0; it < iterations; it++) {
    const step = session.step(centroids);
    centroids = step.sums.map((sum, i) => {
      const count = step.counts[Math.floor(i / d)] as number;
      return count > 0 ? sum / count : (centroids[i] as number);
    });
  }

  const cpu = process.cpuUsage(cpuBefore);

  return {
    wall: seconds(began) / iterations,
    cpu: (cpu.user + cpu.system) / 1e6 / iterations,
  };
}

function lloyd(file: string, k: number, iterations: number, startFile: string) {
  const loadBegan = performance.now();
  const { rows, cols, data } = readNpyIntoKernels(file);
  const loadSeconds = seconds(loadBegan);
  const startBegan = performance.now();
  const seeded = kmeansPlusPlus(data, cols, k, seededRandom(1));
  const startSeconds = seconds(startBegan);
  const start = Float64Array.from(Float32Array.from(seeded));
  writeNpy(startFile, k, cols, (_, block) => block.set(Float32Array.from(start)));

  const session = new LloydSession(data, rows, cols, k);
  const oneThread = lloydSeconds(session, start, iterations, 1);
  const twoThreads = lloydSeconds(session, start, iterations, 2);
  session.close();

  return {
    loadSeconds,
    startSeconds,
    secondsPerIteration: oneThread.wall,
    cpuSecondsPerIteration: oneThread.cpu,
    secondsPerIterationTwoThreads: twoThreads.wall,
    peakRssBytes: peakRssBytes(),
  };
}

function main() {
  const [mode, file, ...rest] = process.argv.slice(2);
  if (file === undefined)
    throw new AnalysisBenchError('no data file given', 'file', file);
  const result =
    mode === 'lloyd'
      ? lloyd(file, Number(rest[0]), Number(rest[1]), rest[2] as string)
      : mode === 'analysis'
        ? {
            ...timeAnalysis(readNpyIntoKernels(file), Number(rest[0])),
            peakRssBytes: peakRssBytes(),
          }
        : undefined;
  if (result === undefined) throw new AnalysisBenchError('unknown mode', 'mode', mode);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main();
