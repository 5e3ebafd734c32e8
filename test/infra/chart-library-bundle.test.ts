/**
 * The run-tests Lambda renders reports, which inline vega's browser builds.
 * A bundle has no node_modules: this bundles the library loader as the stack
 * does (esbuild, ESM), runs the stack's copy hook, and loads it with node
 * from a folder outside the repository, where node_modules cannot be found.
 */
import { execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { copyChartLibrary } from '../../infra/stack.ts';
import { chartLibraryBuilds } from '../../shared/report/chart-library.ts';

const outDir = mkdtempSync(join(tmpdir(), 'aggressors-bundle-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('Bundled run-tests: the chart library', () => {
  it('finds the vega builds the stack copies beside the handler, without node_modules', () => {
    buildSync({
      stdin: {
        contents:
          "import { chartLibrary } from './shared/report/chart-library.ts';\n" +
          'console.log(JSON.stringify(chartLibrary().map((s) => [s.name, s.source.length])));',
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(outDir, 'index.mjs'),
      logLevel: 'silent',
    });
    for (const command of copyChartLibrary().afterBundling(process.cwd(), outDir))
      execSync(command);

    const run = spawnSync(process.execPath, [join(outDir, 'index.mjs')], {
      cwd: outDir,
      encoding: 'utf8',
    });

    expect(run.stderr).toBe('');
    const expected = chartLibraryBuilds().map(({ name, path }) => [
      name,
      readFileSync(path, 'utf8').length,
    ]);
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  it('without the copied builds, says where a bundle needs them', () => {
    const bare = mkdtempSync(join(tmpdir(), 'aggressors-bare-'));
    try {
      buildSync({
        stdin: {
          contents:
            "import { chartLibrary } from './shared/report/chart-library.ts';\nchartLibrary();",
          resolveDir: process.cwd(),
          loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: join(bare, 'index.mjs'),
        logLevel: 'silent',
      });
      const run = spawnSync(process.execPath, [join(bare, 'index.mjs')], {
        cwd: bare,
        encoding: 'utf8',
      });

      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(
        'a bundle needs chart-library/vega.min.js beside its handler',
      );
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
