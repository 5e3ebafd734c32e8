import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalStateInUseError } from './errors.ts';

/** The lock file's name inside the local state folder. */
export const STATE_LOCK_FILE = 'lock';

/** Tries to claim the lock: the first, and one after removing a stale lock. */
const CLAIM_ATTEMPTS = 2;

export interface StateLock {
  lockFile: string;
  release(): Promise<void>;
}

/**
 * Claims the local state folder for this process until `release`. dynalite's
 * LevelDB admits one process: a second one would crash on its first request
 * with "Database is closed", and a `fresh` start would wipe the files the
 * first is using. The lock file holds the owner's pid; a lock whose process
 * has ended is taken over.
 *
 * Limitations: liveness is judged by pid, so a pid reused by an unrelated
 * process keeps the folder locked until the file is removed (the error names
 * it); and two commands taking over the same stale lock at the same instant
 * can both pass, leaving LevelDB's own lock to stop the second.
 */
export async function lockStateDir(stateDir: string): Promise<StateLock> {
  const lockFile = join(stateDir, STATE_LOCK_FILE);
  await mkdir(stateDir, { recursive: true });

  let holderPid = NaN;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
    if (await claim(lockFile)) {
      return { lockFile, release: () => rm(lockFile, { force: true }) };
    }
    holderPid = await readHolderPid(lockFile);
    if (isAlive(holderPid)) break;
    await rm(lockFile, { force: true });
  }

  throw new LocalStateInUseError(stateDir, lockFile, holderPid);
}

/** Creates the lock file with this pid in it, atomically; false if it exists. */
async function claim(lockFile: string): Promise<boolean> {
  const draft = `${lockFile}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, `${process.pid}\n`);
  try {
    await link(draft, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}

/** The pid in a lock file; NaN if it is gone or holds no pid. */
async function readHolderPid(lockFile: string): Promise<number> {
  try {
    const text = (await readFile(lockFile, 'utf8')).trim();
    return /^\d+$/.test(text) ? Number(text) : NaN;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NaN;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
