/**
 * Compiles kernels.wat and writes kernels-wasm.ts beside it:
 *
 *   npm run build:kernels
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
  compileKernels,
  embeddedModuleSource,
  KERNELS_WAT_PATH,
} from './compile-wat.ts';

const target = path.join(path.dirname(KERNELS_WAT_PATH), 'kernels-wasm.ts');
const binary = await compileKernels();
await writeFile(target, embeddedModuleSource(binary));
console.log(`wrote ${target} (${binary.length} bytes of WebAssembly)`);
