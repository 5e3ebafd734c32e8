import { describe, expect, it } from 'vitest';

import {
  compileKernels,
  embeddedModuleSource,
} from '../../../../shared/analysis/kernels/compile-wat.ts';
import { KERNELS_WASM_BASE64 } from '../../../../shared/analysis/kernels/kernels-wasm.ts';

describe('Function: compileKernels', () => {
  it('compiles kernels.wat to the bytes embedded in kernels-wasm.ts (run build:kernels)', async () => {
    const binary = await compileKernels();

    expect(Buffer.from(binary).toString('base64')).toBe(KERNELS_WASM_BASE64);
  });

  it('writes a module that embeds the binary as base64', () => {
    const source = embeddedModuleSource(Uint8Array.from([0, 97, 115, 109]));

    expect(source).toContain("export const KERNELS_WASM_BASE64 =\n  'AGFzbQ==';");
  });
});
