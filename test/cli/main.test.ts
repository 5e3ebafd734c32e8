import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';

describe('Command: aggressors validate', () => {
  let dir: string;
  let stderr: string;
  let stdout: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aggressors-cli-'));
    stderr = '';
    stdout = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      stdout += `${String(line)}\n`;
    });
    process.exitCode = undefined;
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function writeBundle(samples: string[]): Promise<void> {
    const manifest = {
      schemaVersion: 1,
      project: 'pets',
      modelVersion: 'v1',
      task: 'classification',
      classes: ['cat', 'dog'],
      scores: 'probabilities',
      samples: 'samples.jsonl',
    };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await writeFile(join(dir, 'samples.jsonl'), samples.join('\n'));
  }

  const sample = (id: string) =>
    JSON.stringify({
      id,
      label: 'cat',
      metadata: {},
      embedding: [1, 2],
      scores: [0.9, 0.1],
    });

  it('says the bundle is valid and exits 0', async () => {
    await writeBundle([sample('a'), sample('b')]);

    await main(['node', 'aggressors', 'validate', dir]);

    expect(process.exitCode).toBeUndefined();
    expect(stdout).toContain('valid bundle for pets v1 (classification, 2 samples');
  });

  it('names the file, line, field and value of a bad sample and exits 1', async () => {
    await writeBundle([sample('a'), sample('a')]);

    await main(['node', 'aggressors', 'validate', dir]);

    expect(process.exitCode).toBe(1);
    expect(stderr).toMatch(/^aggressors: .*samples\.jsonl line 2, field "id"/);
    expect(stderr).toContain('"a"');
  });

  it('says the folder does not exist', async () => {
    await main(['node', 'aggressors', 'validate', join(dir, 'nowhere')]);

    expect(process.exitCode).toBe(1);
    expect(stderr).toBe(
      `aggressors: ${join(dir, 'nowhere')}: no such file or folder\n`,
    );
  });

  it('says a folder without manifest.json is not a bundle', async () => {
    await main(['node', 'aggressors', 'validate', dir]);

    expect(process.exitCode).toBe(1);
    expect(stderr).toContain(
      'manifest.json: not found: a bundle starts with manifest.json',
    );
  });

  it('accepts the path of manifest.json for its folder', async () => {
    await writeBundle([sample('a')]);

    await main(['node', 'aggressors', 'validate', join(dir, 'manifest.json')]);

    expect(process.exitCode).toBeUndefined();
    expect(stdout).toContain('valid bundle for pets v1 (classification, 1 sample,');
  });
});
