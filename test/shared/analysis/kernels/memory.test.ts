import { describe, expect, it } from 'vitest';

import { KernelError } from '../../../../shared/analysis/kernels/errors.ts';
import { KernelMemory } from '../../../../shared/analysis/kernels/memory.ts';

describe('Class: KernelMemory', () => {
  it('hands out aligned, disjoint blocks and reuses a freed gap', () => {
    const memory = new KernelMemory();

    const a = memory.allocate(10);
    const b = memory.allocate(100);
    memory.free(a);
    const c = memory.allocate(64);

    expect(a % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 64);
    expect(c).toBe(a);
    expect(memory.allocatedBytes).toBe(64 + 128);
  });

  it('grows to fit a block larger than its memory and knows its own arrays', () => {
    const memory = new KernelMemory();

    const offset = memory.allocate(200_000 * 4);
    const view = memory.f32(offset, 200_000);
    view[199_999] = 1.5;

    expect(memory.offsetOf(view)).toBe(offset);
    expect(memory.offsetOf(new Float32Array(4))).toBeNull();
    expect(memory.f32(offset, 200_000)[199_999]).toBe(1.5);
  });

  it('refuses to free an offset it did not hand out', () => {
    const memory = new KernelMemory();

    expect(() => memory.free(128)).toThrow(KernelError);
    expect(() => memory.free(128)).toThrow(/no kernel memory block at this offset/);
  });
});
