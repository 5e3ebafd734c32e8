import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStateInUseError } from '../../../infra/local/errors.ts';
import { startLocalStorage, type LocalStorage } from '../../../infra/local/storage.ts';
import { getText, putText } from '../../../shared/aws/s3-io.ts';

const CLI = resolve(import.meta.dirname, '../../../bin/aggressors.js');

/** Runs the CLI in its own process; its exit code, stdout and stderr. */
async function runCli(args: string[], home: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, AGGRESSORS_HOME: home } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('Function: startLocalStorage', () => {
  let stateDir: string;
  let first: LocalStorage | undefined;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'aggressors-storage-'));
    first = await startLocalStorage({ stateDir });
  });

  afterEach(async () => {
    await first?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('refuses a second start on the folder and leaves the first working', async () => {
    const second = startLocalStorage({ stateDir });

    await expect(second).rejects.toThrow(LocalStateInUseError);
    const table = await first!.dynamodb.send(
      new DescribeTableCommand({ TableName: first!.table }),
    );
    expect(table.Table?.TableStatus).toBe('ACTIVE');
  });

  it('keeps the first command’s objects when a second asks for a fresh start', async () => {
    await putText(first!.s3, first!.bucket, 'kept.txt', 'kept', 'text/plain');

    const second = startLocalStorage({ stateDir, fresh: true });

    await expect(second).rejects.toThrow(LocalStateInUseError);
    expect(await getText(first!.s3, first!.bucket, 'kept.txt')).toBe('kept');
  });

  it('frees the folder on close for the next command', async () => {
    await first!.close();
    first = undefined;

    first = await startLocalStorage({ stateDir });

    expect(first.table).toBe('aggressors-local');
  });

  it('makes a second aggressors process exit 1 with a message, not a stack trace', async () => {
    const { code, stderr } = await runCli(['runs', 'pets'], stateDir);

    expect(code).toBe(1);
    expect(stderr).toBe(
      `aggressors: LocalStateInUseError: the local state in ${stateDir} is in use ` +
        `by another aggressors command (pid ${process.pid}); wait for it to end. ` +
        `If no aggressors command is running, remove ${join(stateDir, 'lock')}.\n`,
    );
  });
});
