import { availableParallelism } from 'node:os';

import { AnalysisParameterError } from '../errors.ts';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.ts';
import { KernelMemory } from './memory.ts';
import { KernelPool } from './pool.ts';
import { wasm } from './webassembly.ts';

/** The kernels of this process: their memory and their threads. */
export interface Kernels {
  memory: KernelMemory;
  pool: KernelPool;
}

let shared: Kernels | undefined;
let threadCount = availableParallelism();

/** The process's kernels, instantiated on first use. */
export function kernels(): Kernels {
  if (shared === undefined) {
    const memory = new KernelMemory();
    const module = new wasm.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    shared = { memory, pool: new KernelPool(memory, module) };
  }

  return shared;
}

/** Threads the kernels split their work over: default, the cores available. */
export function kernelThreads(): number {
  return threadCount;
}

/**
 * Sets the threads the kernels use (this one and threads - 1 workers).
 * Results do not depend on it.
 */
export function setKernelThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new AnalysisParameterError('threads', threads, 'a positive integer');
  }
  threadCount = threads;
}

/** Splits 0..count-1 into at most `parts` contiguous, non-empty ranges. */
export function splitRange(count: number, parts: number): Array<[number, number]> {
  const used = Math.max(1, Math.min(parts, count));
  const ranges: Array<[number, number]> = [];
  for (let t = 0; t < used; t++) {
    const start = Math.floor((t * count) / used);
    const end = Math.floor(((t + 1) * count) / used);
    if (end > start) ranges.push([start, end]);
  }

  return ranges;
}

/**
 * A zeroed Float32Array inside the kernels' memory: rows loaded straight
 * into it are clustered without a copy. Give it back with `freeKernelFloat32`.
 */
export function allocateKernelFloat32(length: number): Float32Array {
  if (!Number.isInteger(length) || length < 0) {
    throw new AnalysisParameterError('length', length, 'an integer >= 0');
  }
  const { memory } = kernels();
  const view = memory.f32(memory.allocate(length * 4), length);
  view.fill(0);

  return view;
}

/** Returns an array from `allocateKernelFloat32` to the kernels' memory. */
export function freeKernelFloat32(array: Float32Array): void {
  const { memory } = kernels();
  const offset = memory.offsetOf(array);
  if (offset === null) {
    throw new AnalysisParameterError(
      'array',
      'an ordinary Float32Array',
      'kernel memory',
    );
  }
  memory.free(offset);
}
