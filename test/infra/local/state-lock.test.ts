import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStateInUseError } from '../../../infra/local/errors.ts';
import { lockStateDir, STATE_LOCK_FILE } from '../../../infra/local/state-lock.ts';

/** A node process that runs until killed, or one that has already ended. */
async function nodeProcess(live: boolean): Promise<ChildProcess> {
  const script = live ? 'setInterval(() => {}, 1000)' : '';
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  if (live) await once(child, 'spawn');
  else await once(child, 'exit');

  return child;
}

describe('Function: lockStateDir', () => {
  let stateDir: string;
  let lockFile: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'aggressors-lock-'));
    lockFile = join(stateDir, STATE_LOCK_FILE);
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('claims a free folder by writing this pid into its lock file', async () => {
    const lock = await lockStateDir(stateDir);

    expect(lock.lockFile).toBe(lockFile);
    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('refuses a folder this process holds, naming the folder and the pid', async () => {
    await lockStateDir(stateDir);

    const second = lockStateDir(stateDir);

    await expect(second).rejects.toThrow(LocalStateInUseError);
    await expect(second).rejects.toMatchObject({
      stateDir,
      lockFile,
      holderPid: process.pid,
      message: expect.stringContaining(
        `the local state in ${stateDir} is in use by another aggressors command`,
      ),
    });
  });

  it('refuses a folder another live process holds', async () => {
    const holder = await nodeProcess(true);
    try {
      await writeFile(lockFile, `${holder.pid}\n`);

      const claiming = lockStateDir(stateDir);

      await expect(claiming).rejects.toMatchObject({ holderPid: holder.pid });
      expect(await readFile(lockFile, 'utf8')).toBe(`${holder.pid}\n`);
    } finally {
      holder.kill();
    }
  });

  it('frees the folder on release for the next claim', async () => {
    const first = await lockStateDir(stateDir);

    await first.release();
    const second = await lockStateDir(stateDir);

    expect(second.lockFile).toBe(lockFile);
    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('takes over a lock left by a process that has ended', async () => {
    const ended = await nodeProcess(false);
    await writeFile(lockFile, `${ended.pid}\n`);

    await lockStateDir(stateDir);

    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('takes over a lock file that holds no pid', async () => {
    await writeFile(lockFile, '');

    await lockStateDir(stateDir);

    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
  });
});
