import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/errors.ts';
import { openStore } from '../../cli/store.ts';

const KEYS = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE'];
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
  for (const key of KEYS) delete process.env[key];
  // An empty shared config, so no region comes from the machine's ~/.aws.
  const config = join(mkdtempSync(join(tmpdir(), 'aws-config-')), 'config');
  writeFileSync(config, '');
  process.env.AWS_CONFIG_FILE = config;
});

afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('Function: openStore, on AWS', () => {
  it('says how to set the region when none is configured', async () => {
    const opening = openStore({ bucket: 'b', table: 't' });

    await expect(opening).rejects.toThrow(CliError);
    await expect(openStore({ bucket: 'b', table: 't' })).rejects.toThrow(
      'no AWS region for --bucket/--table: set AWS_REGION',
    );
  });

  it('opens clients for the deployed stack when a region is set', async () => {
    process.env.AWS_REGION = 'eu-west-1';

    const store = await openStore({ bucket: 'b', table: 't' });

    expect(store).toMatchObject({ where: 'aws', bucket: 'b', table: 't' });
    expect(await store.s3.config.region()).toBe('eu-west-1');
    await store.close();
  });
});
