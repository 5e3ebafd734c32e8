/**
 * `aggressors report <project> <modelVersion>`: the latest run's HTML report
 * as a local file, whose path is printed. The report the pipeline stored
 * beside the results is fetched when there is one; otherwise (or with
 * `--rebuild`) it is built from the stored results. docs/report.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3ObjectMissingError } from '../../shared/aws/errors.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { latestRunOfVersion, type RunRecord } from '../../shared/aws/runs.ts';
import { getText } from '../../shared/aws/s3-io.ts';
import { renderReport } from '../../shared/report/render-report.ts';
import { loadReportInput } from '../../shared/report/run-report.ts';
import { CliError } from '../errors.ts';
import { openStore, stateDir, type Store, type StoreOptions } from '../store.ts';

export interface ReportOptions extends StoreOptions {
  /** Build from the stored results even when a stored report exists. */
  rebuild?: boolean;
  /** Folder to write into; default `<state>/reports/<project>/<version>/<runId>/`. */
  out?: string;
}

export async function reportCommand(
  project: string,
  modelVersion: string,
  options: ReportOptions,
): Promise<void> {
  const store = await openStore(options);
  try {
    console.log(await saveReport(store, project, modelVersion, options));
  } finally {
    await store.close();
  }
}

/** Writes the report (and the labeling manifest it links to) locally; returns the report's path. */
export async function saveReport(
  store: Store,
  project: string,
  modelVersion: string,
  options: ReportOptions = {},
): Promise<string> {
  const run = await succeededRun(store, project, modelVersion);
  const dir =
    options.out ?? join(stateDir(), 'reports', project, modelVersion, run.runId);
  const key = s3Keys.report(project, modelVersion, run.runId);

  const stored = options.rebuild ? undefined : await optionalText(store, key);
  const html = stored ?? (await buildReport(store, run));
  const manifest = await optionalText(
    store,
    s3Keys.labelingQueue(project, modelVersion, run.runId),
  );
  await makeOutputFolder(dir, options.out !== undefined);
  if (manifest !== undefined) {
    await writeOutput(join(dir, 'labeling-queue.manifest'), manifest);
  }
  const path = join(dir, 'report.html');
  await writeOutput(path, html);

  return path;
}

/** Writes a file of the report; a folder in its place is a clear error. */
async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new CliError(`${path} is a folder; give --out a folder without it`);
    }
    throw error;
  }
}

/** The folder the report goes into; a clear error when `--out` names a file. */
async function makeOutputFolder(dir: string, fromOption: boolean): Promise<void> {
  if (fromOption && dir.trim() === '') {
    throw new CliError('--out "": give a folder to write report.html into');
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const what = fromOption ? `--out ${JSON.stringify(dir)}` : `folder ${dir}`;
      throw new CliError(
        `${what}: a file is in the way; give a folder to write report.html into`,
      );
    }
    throw error;
  }
}

async function succeededRun(
  store: Store,
  project: string,
  modelVersion: string,
): Promise<RunRecord> {
  const run = await latestRunOfVersion(store.ddb, store.table, project, modelVersion);
  if (run === undefined) {
    throw new CliError(
      `no run of project "${project}" model version "${modelVersion}" in ${store.location}`,
    );
  }
  if (run.status !== 'succeeded') {
    throw new CliError(
      `run ${run.runId} of ${project} ${modelVersion} is ${run.status}: ` +
        'a report is written for succeeded runs only (see aggressors show)',
    );
  }

  return run;
}

async function buildReport(store: Store, run: RunRecord): Promise<string> {
  const input = await loadReportInput(
    { s3: store.s3, ddb: store.ddb, table: store.table },
    { bucket: store.bucket, ...run },
    { generatedAtEpochMs: Date.now() },
  );

  return renderReport(input);
}

async function optionalText(store: Store, key: string): Promise<string | undefined> {
  try {
    return await getText(store.s3, store.bucket, key);
  } catch (error) {
    if (error instanceof S3ObjectMissingError) return undefined;
    throw error;
  }
}
