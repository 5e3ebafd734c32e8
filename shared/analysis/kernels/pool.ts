import { Worker } from 'node:worker_threads';

import { KernelError } from './errors.ts';
import type { KernelMemory } from './memory.ts';
import { wasm, type WasmModule } from './webassembly.ts';
import { WORKER_SOURCE } from './worker-source.ts';

/** The exports of kernels.wat that a worker may run. */
export const KERNEL_NAMES = [
  'assign',
  'accumulate',
  'rowNorms',
  'assignedDistances',
  'distanceBlock',
  'lloydChunks',
  'blockProducts',
] as const;

export type KernelName = (typeof KERNEL_NAMES)[number];

export type KernelExports = Record<KernelName, (...args: number[]) => void>;

/** One export call: the name and its arguments (offsets, counts, scalars). */
export interface KernelCall {
  name: KernelName;
  args: number[];
}

const IDLE = 0;
const TASK = 1;
const DONE = 2;
/** A worker that failed answers 3 (FAILED) and leaves its message in the block. */
const EXIT = 4;
const STARTUP_TIMEOUT_MS = 30_000;

interface Thread {
  worker: Worker;
  state: Int32Array;
  args: Float64Array;
  message: Uint16Array;
}

/**
 * The kernels on this thread and on worker threads that share its memory.
 * `run` is synchronous: it hands one call to each worker, runs the first on
 * this thread and waits (Atomics.wait) until every worker has answered.
 */
export class KernelPool {
  readonly exports: KernelExports;
  private readonly threads: Thread[] = [];

  constructor(
    private readonly memory: KernelMemory,
    private readonly module: WasmModule,
  ) {
    const instance = new wasm.Instance(module, {
      env: { memory: memory.memory },
    });
    this.exports = instance.exports as unknown as KernelExports;
  }

  /** Runs the calls at once, the first on this thread; throws if any failed. */
  run(calls: readonly KernelCall[]): void {
    const workers = calls.slice(1);
    this.startWorkers(workers.length);
    workers.forEach((call, t) => this.post(this.threads[t] as Thread, call));
    let failure: unknown;
    try {
      const first = calls[0];
      if (first) this.exports[first.name](...first.args);
    } catch (cause) {
      failure = cause;
    }
    workers.forEach((call, t) => {
      const message = this.await(this.threads[t] as Thread);
      failure ??= message === null ? undefined : new KernelError(message, call.name);
    });

    if (failure !== undefined) throw failure;
  }

  /** Stops the worker threads. */
  close(): void {
    for (const thread of this.threads.splice(0)) {
      Atomics.store(thread.state, 0, EXIT);
      Atomics.notify(thread.state, 0);
      void thread.worker.terminate();
    }
  }

  private post(thread: Thread, call: KernelCall): void {
    thread.args.set(call.args);
    thread.state[1] = KERNEL_NAMES.indexOf(call.name);
    thread.state[3] = call.args.length;
    Atomics.store(thread.state, 0, TASK);
    Atomics.notify(thread.state, 0);
  }

  /** Waits for a worker's answer; null when it succeeded, else its error. */
  private await(thread: Thread): string | null {
    while (Atomics.load(thread.state, 0) === TASK) {
      Atomics.wait(thread.state, 0, TASK);
    }
    const outcome = Atomics.load(thread.state, 0);
    Atomics.store(thread.state, 0, IDLE);

    return outcome === DONE ? null : `a kernel worker failed: ${messageOf(thread)}`;
  }

  private startWorkers(count: number): void {
    while (this.threads.length < count) {
      this.threads.push(this.startWorker());
    }
  }

  private startWorker(): Thread {
    const control = new SharedArrayBuffer(208 + 256 * 2);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        memory: this.memory.memory,
        module: this.module,
        control,
        names: KERNEL_NAMES,
      },
    });
    worker.unref();
    const thread: Thread = {
      worker,
      state: new Int32Array(control, 0, 4),
      args: new Float64Array(control, 16, 24),
      message: new Uint16Array(control, 208, 256),
    };
    const ready = Atomics.wait(thread.state, 2, 0, STARTUP_TIMEOUT_MS);
    if (ready === 'timed-out' || Atomics.load(thread.state, 2) !== 1) {
      void worker.terminate();
      throw new KernelError(
        `a kernel worker thread did not start within ${STARTUP_TIMEOUT_MS} ms: ` +
          messageOf(thread),
        'threads',
        this.threads.length + 2,
      );
    }

    return thread;
  }
}

function messageOf(thread: Thread): string {
  const end = thread.message.indexOf(0);

  return String.fromCharCode(...thread.message.subarray(0, end < 0 ? undefined : end));
}
