/**
 * Peak memory of loading a real `.npy` from disk, measured in a child
 * process (npy-memory-child.ts) so that nothing else this test runner holds
 * is counted: reading 200,000 x 64 float32 rows may add at most twice the
 * embedding bytes to the process's RSS. No time is asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../../shared/bundle/npy.ts';

const ROWS = 200_000;
const COLS = 64;
const CHILD = fileURLToPath(new URL('./npy-memory-child.ts', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'npy-memory-'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function writeEmbeddings(): string {
  const data = new Float32Array(ROWS * COLS);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 1000) / 1000 - 0.5;
  const file = join(folder, 'embeddings.npy');
  writeFileSync(file, encodeNpy(data, ROWS, COLS));

  return file;
}

describe('Function: readNpy (memory)', () => {
  it('adds at most twice the embedding bytes to peak RSS loading 200k x 64 from disk', () => {
    const file = writeEmbeddings();

    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, file],
      { encoding: 'utf8' },
    );
    const measured = JSON.parse(output) as Record<string, number>;

    expect(measured.rows).toBe(ROWS);
    expect(measured.cols).toBe(COLS);
    expect(measured.embeddingBytes).toBe(ROWS * COLS * 4);
    const added =
      (measured.peakRssBytes as number) - (measured.baselineRssBytes as number);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(2 * (measured.embeddingBytes as number));
  });
});
