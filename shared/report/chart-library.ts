/**
 * The charting library inlined into every report: vega, vega-lite and
 * vega-embed, their minified browser builds read from node_modules once. A
 * report opens offline, so nothing is fetched from a CDN.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ChartLibraryError } from './errors.ts';

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

/** The library's scripts in load order; read once per process. */
export function chartLibrary(): ChartScript[] {
  const require = createRequire(import.meta.url);
  cached ??= BUILDS.map(({ name, file }) => {
    const path = join(dirname(require.resolve(name)), file);

    return { name, source: inlineable(name, readBuild(name, path)) };
  });

  return cached;
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
