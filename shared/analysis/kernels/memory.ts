import { KernelError } from './errors.ts';
import { wasm } from './webassembly.ts';

const PAGE_BYTES = 65536;
/** 4 GiB: the most a 32-bit WebAssembly memory addresses. */
export const MAX_PAGES = 65536;
const ALIGN = 64;

interface Block {
  offset: number;
  bytes: number;
}

/**
 * The kernels' one shared WebAssembly memory and a first-fit allocator over
 * it: blocks are 64-byte aligned, freed blocks are reused, and the memory
 * grows (never shrinks) when no gap fits. Byte 0 is never handed out.
 */
export class KernelMemory {
  readonly memory = new wasm.Memory({
    initial: 1,
    maximum: MAX_PAGES,
    shared: true,
  });
  private readonly blocks: Block[] = [];
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  /** Reserves `bytes` and returns their offset. */
  allocate(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let offset = ALIGN;
    let at = 0;
    for (; at < this.blocks.length; at++) {
      const block = this.blocks[at] as Block;
      if (block.offset - offset >= size) break;
      offset = block.offset + block.bytes;
    }
    this.ensure(offset + size);
    this.blocks.splice(at, 0, { offset, bytes: size });

    return offset;
  }

  /** Returns a block to the allocator; an offset it did not hand out is refused. */
  free(offset: number): void {
    const at = this.blocks.findIndex((block) => block.offset === offset);
    if (at < 0) {
      throw new KernelError('no kernel memory block at this offset', 'offset', offset);
    }
    this.blocks.splice(at, 1);
  }

  /** Bytes held by live blocks. */
  get allocatedBytes(): number {
    return this.blocks.reduce((sum, block) => sum + block.bytes, 0);
  }

  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.buffer(), offset, length);
  }

  f64(offset: number, length: number): Float64Array {
    return new Float64Array(this.buffer(), offset, length);
  }

  i32(offset: number, length: number): Int32Array {
    return new Int32Array(this.buffer(), offset, length);
  }

  /** The offset of an array that lives in this memory, else null. */
  offsetOf(array: ArrayBufferView): number | null {
    return this.buffers.has(array.buffer) ? array.byteOffset : null;
  }

  private buffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);

    return buffer;
  }

  private ensure(endBytes: number): void {
    const pages = Math.ceil(endBytes / PAGE_BYTES);
    const current = this.memory.buffer.byteLength / PAGE_BYTES;
    if (pages <= current) return;
    if (pages > MAX_PAGES) {
      throw new KernelError(
        `kernel memory needs ${endBytes} bytes, more than the 4 GiB WebAssembly addresses`,
        'bytes',
        endBytes,
      );
    }
    this.memory.grow(pages - current);
  }
}
