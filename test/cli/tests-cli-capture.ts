/** Runs `main` as the shell would and captures what it prints, in a fresh local state. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../cli/main.ts';

export interface Captured {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

export async function withLocalHome<T>(work: (home: string) => Promise<T>): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), 'aggressors-home-'));
  const before = process.env.AGGRESSORS_HOME;
  process.env.AGGRESSORS_HOME = home;
  try {
    return await work(home);
  } finally {
    if (before === undefined) delete process.env.AGGRESSORS_HOME;
    else process.env.AGGRESSORS_HOME = before;
    await rm(home, { recursive: true, force: true });
  }
}

export async function runCli(args: string[]): Promise<Captured> {
  const out: Captured = { stdout: '', stderr: '', exitCode: undefined };
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    out.stderr += String(chunk);
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    out.stdout += `${String(line)}\n`;
  });
  process.exitCode = undefined;
  try {
    await main(['node', 'aggressors', ...args]);
    out.exitCode =
      process.exitCode === undefined ? undefined : Number(process.exitCode);
  } finally {
    stderr.mockRestore();
    log.mockRestore();
    process.exitCode = undefined;
  }

  return out;
}
