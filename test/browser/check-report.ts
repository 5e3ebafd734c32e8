/**
 * Checks a report file in Chromium as the browser test does, for CI on the
 * demo's report:
 *
 *   npx tsx test/browser/check-report.ts <report.html> [--versions v1,v2,v3] [--regressed v3]
 *
 * Fails (exit 1, each problem on its own line) when the page requested
 * anything but itself, logged an error, drew a map whose point count is not
 * its data's, a history chart without one point per version, no aggressor
 * card, or (with the options) lacks the versions or the marked regression.
 * Saves a screenshot under test/browser/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.ts';
import { chartMarks, historyPoints, mapDataPoints, openReport } from './report-page.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { versions: { type: 'string' }, regressed: { type: 'string' } },
});
const path = positionals[0];
if (path === undefined) {
  process.stderr.write(
    'usage: check-report.ts <report.html> [--versions a,b] [--regressed b]\n',
  );
  process.exit(2);
}

const browser = await launchChromium();
try {
  const { page, blocked, errors } = await openReport(browser, path);
  const problems = [
    ...blocked.map((url) => `requested ${url}`),
    ...errors.map((error) => `console: ${error}`),
  ];
  const marks = await chartMarks(page);
  const points = await mapDataPoints(page);
  if (marks.map?.symbols !== points) {
    problems.push(`map drew ${marks.map?.symbols} points for ${points} in its data`);
  }
  if ((await page.locator('section.card').count()) === 0)
    problems.push('no aggressor card');

  const history = await historyPoints(page);
  for (const [id, drawn] of Object.entries(history)) {
    if (drawn.length !== marks[id]?.xDomain) {
      problems.push(
        `history ${id} drew ${drawn.length} points for ${marks[id]?.xDomain} versions`,
      );
    }
  }
  const all = Object.values(history).flat();
  for (const version of values.versions?.split(',') ?? []) {
    if (!all.some((p) => p.modelVersion === version))
      problems.push(`no history point for ${version}`);
  }
  if (values.regressed !== undefined) {
    const marked = all.some(
      (p) => p.modelVersion === values.regressed && p.status === 'regressed',
    );
    if (!marked) problems.push(`no regression marked at ${values.regressed}`);
  }

  const screenshots = join(import.meta.dirname, 'screenshots');
  mkdirSync(screenshots, { recursive: true });
  const shot = join(screenshots, `${basename(path, '.html')}-checked.png`);
  await page.screenshot({ path: shot, fullPage: true });
  console.log(
    `${path}: map ${points} points, ${Object.keys(history).length} history charts, ` +
      `${problems.length} problems; screenshot ${shot}`,
  );
  for (const problem of problems) console.log(`  - ${problem}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
} finally {
  await browser.close();
}
