/**
 * Cuts a shard into endpoint calls bounded by count and by bytes.
 *
 * One call's limit (`maxBatchBytes`) covers its request and its response.
 * The request's size is known exactly; the response's is estimated as
 * RESPONSE_MARGIN x the largest bytes per instance seen in responses so far.
 * A batch takes instances in shard order while
 *   request bytes + instances x estimated response bytes <= maxBatchBytes
 * and instances <= maxBatchSize. Until a first response has been seen, a
 * batch is a probe: at most `probeBatchSize` instances and half the byte
 * limit. An instance that cannot fit even alone is returned as oversized.
 */
import type { ShardItem } from './shard.ts';

/** `{"instances":[]}`: the request's bytes around the instances. */
export const ENVELOPE_BYTES = Buffer.byteLength('{"instances":[]}');
export const RESPONSE_MARGIN = 1.1;

export interface BatchLimits {
  maxBatchSize: number;
  maxBatchBytes: number;
  /** Instances per call before any response size is known. */
  probeBatchSize: number;
}

export type PlannedBatch =
  | { kind: 'call'; items: ShardItem[]; requestBytes: number }
  | { kind: 'oversized'; item: ShardItem; budgetBytes: number };

export class BatchPlanner {
  #cursor = 0;
  #responseBytesPerInstance: number | undefined;

  constructor(
    private readonly items: readonly ShardItem[],
    private readonly limits: BatchLimits,
  ) {}

  /** The next batch in shard order, or undefined when the shard is done. */
  next(): PlannedBatch | undefined {
    const first = this.items[this.#cursor];
    if (first === undefined) return undefined;

    this.#cursor += 1;
    const budgetBytes = this.singleInstanceBudget();
    if (first.bytes > budgetBytes)
      return { kind: 'oversized', item: first, budgetBytes };

    const batch = [first];
    let requestBytes = ENVELOPE_BYTES + first.bytes;
    for (let item = this.items[this.#cursor]; item; item = this.items[this.#cursor]) {
      const grown = requestBytes + 1 + item.bytes;
      if (!this.fits(batch.length + 1, grown)) break;
      batch.push(item);
      requestBytes = grown;
      this.#cursor += 1;
    }

    return { kind: 'call', items: batch, requestBytes };
  }

  /** Learns the response size of a call that answered. */
  observe(responseBytes: number, instances: number): void {
    if (instances < 1) return;

    const perInstance = responseBytes / instances;
    this.#responseBytesPerInstance = Math.max(
      this.#responseBytesPerInstance ?? 0,
      perInstance,
    );
  }

  /** The largest instance JSON that can be sent alone, in bytes. */
  singleInstanceBudget(): number {
    return this.limits.maxBatchBytes - ENVELOPE_BYTES - this.expectedResponseBytes(1);
  }

  private fits(count: number, requestBytes: number): boolean {
    const { maxBatchSize, maxBatchBytes, probeBatchSize } = this.limits;
    if (this.#responseBytesPerInstance === undefined) {
      return (
        count <= Math.min(maxBatchSize, probeBatchSize) &&
        requestBytes <= maxBatchBytes / 2
      );
    }

    return (
      count <= maxBatchSize &&
      requestBytes + this.expectedResponseBytes(count) <= maxBatchBytes
    );
  }

  private expectedResponseBytes(count: number): number {
    const perInstance = this.#responseBytesPerInstance ?? 0;

    return Math.ceil(count * perInstance * RESPONSE_MARGIN);
  }
}
