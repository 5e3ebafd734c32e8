/**
 * Run by npy-memory.test.ts in a fresh process: loads the `.npy` named on
 * the command line through a folder source (streamed from disk) and prints
 * `{ baselineRssBytes, peakRssBytes, embeddingBytes, rows, cols }` as JSON.
 * Peak RSS is the process's high-water mark (`maxRSS`) after the load.
 */
import { basename, dirname } from 'node:path';
import { readNpy } from '../../../shared/bundle/npy.ts';
import { dirSource } from '../../../shared/bundle/source.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: npy-memory-child.ts <file.npy>');

const source = dirSource(dirname(file));
const readChunks = source.readChunks as NonNullable<typeof source.readChunks>;
globalThis.gc?.();
const baselineRssBytes = process.memoryUsage().rss;
const matrix = await readNpy(readChunks(basename(file)), file);
const peakRssBytes = process.resourceUsage().maxRSS * 1024;

process.stdout.write(
  JSON.stringify({
    baselineRssBytes,
    peakRssBytes,
    embeddingBytes: matrix.data.byteLength,
    rows: matrix.rows,
    cols: matrix.cols,
  }),
);
