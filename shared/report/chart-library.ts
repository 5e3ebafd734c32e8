/**
 * The charting library inlined into every report: vega, vega-lite and
 * vega-embed, their minified browser builds read once. A report opens
 * offline, so nothing is fetched from a CDN.
 *
 * From source they are read from node_modules. A bundled Lambda has no
 * node_modules: the stack copies the builds into the bundle's
 * `chart-library/` folder (infra/stack.ts), which is looked at first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChartLibraryError } from './errors.ts';

/** The folder beside a bundled handler that holds the builds. */
export const BUNDLED_CHART_LIBRARY_DIR = 'chart-library';

/** Each package with its minified browser build, next to its module entry. */
const BUILDS = [
  { name: 'vega', file: 'vega.min.js' },
  { name: 'vega-lite', file: 'vega-lite.min.js' },
  { name: 'vega-embed', file: 'vega-embed.min.js' },
] as const;

export interface ChartScript {
  name: string;
  source: string;
}

let cached: ChartScript[] | undefined;

/** Each build's file name and where node_modules has it (what the stack copies). */
export function chartLibraryBuilds(): Array<{
  name: string;
  file: string;
  path: string;
}> {
  const require = createRequire(import.meta.url);

  return BUILDS.map(({ name, file }) => ({
    name,
    file,
    path: join(dirname(require.resolve(name)), file),
  }));
}

/** The library's scripts in load order; read once per process. */
export function chartLibrary(): ChartScript[] {
  cached ??= BUILDS.map(({ name, file }) => {
    const path = bundledBuild(file) ?? nodeModulesBuild(name, file);

    return { name, source: inlineable(name, readBuild(name, path)) };
  });

  return cached;
}

function bundledBuild(file: string): string | undefined {
  const path = join(
    dirname(fileURLToPath(import.meta.url)),
    BUNDLED_CHART_LIBRARY_DIR,
    file,
  );

  return existsSync(path) ? path : undefined;
}

function nodeModulesBuild(name: string, file: string): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(name)), file);
  } catch (error) {
    throw new ChartLibraryError(
      `cannot find ${name}: from source it is read from node_modules; ` +
        `a bundle needs ${BUNDLED_CHART_LIBRARY_DIR}/${file} beside its handler`,
      { cause: error },
    );
  }
}

function readBuild(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ChartLibraryError(`cannot read ${name}'s browser build at ${path}`, {
      cause: error,
    });
  }
}

/** A script inlined in `<script>` must not hold `</script` or `<!--`. */
function inlineable(name: string, source: string): string {
  const bad = /<\/script|<!--/i.exec(source);
  if (bad) {
    throw new ChartLibraryError(
      `${name}'s build holds "${bad[0]}" at offset ${bad.index}: it cannot be inlined`,
    );
  }

  return source;
}
