#!/usr/bin/env node
/**
 * CI's check of what the demo must find in v1 (README, "What the demo
 * shows"): among the top three aggressors of `show <project> <version>
 * --json`, one whose members are mostly hard ham, that holds at least half
 * of the evaluation split's hard ham and has a loss ratio of at least 2.
 *
 *   node scripts/check-demo-aggressor.mjs <show.json> <bundle samples.jsonl>
 *
 * Prints the figures either way; exits 1 when no aggressor qualifies.
 */
import { readFileSync } from 'node:fs';

const HARD_HAM = 'hard-ham-1/';
const [showPath, samplesPath] = process.argv.slice(2);
if (!showPath || !samplesPath) {
  console.error('usage: check-demo-aggressor.mjs <show.json> <samples.jsonl>');
  process.exit(2);
}

const view = JSON.parse(readFileSync(showPath, 'utf8'));
const evaluatedHardHam = readFileSync(samplesPath, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .filter((line) => JSON.parse(line).id.startsWith(HARD_HAM)).length;

if (view.status !== 'succeeded') {
  console.error(`${showPath}: status is ${view.status}, expected succeeded`);
  process.exit(1);
}

let found = false;
for (const a of view.aggressors.slice(0, 3)) {
  const hardHam = a.sampleIds.filter((id) => id.startsWith(HARD_HAM)).length;
  const purity = hardHam / a.size;
  const coverage = evaluatedHardHam > 0 ? hardHam / evaluatedHardHam : 0;
  const ok = purity > 0.5 && coverage >= 0.5 && (a.lossRatio ?? Infinity) >= 2;
  const ratio = a.lossRatio?.toFixed(2) ?? 'none (the rest has no loss)';
  found ||= ok;
  console.log(
    `rank ${a.rank} ${a.id}: ${a.size} members, ${hardHam} hard ham ` +
      `(${(100 * purity).toFixed(1)} % of members, ${(100 * coverage).toFixed(1)} % ` +
      `of the ${evaluatedHardHam} evaluated), loss ratio ${ratio}` +
      (ok ? '  <- the hard-ham aggressor' : ''),
  );
}

if (!found) {
  console.error(
    'no top-three aggressor is mostly hard ham, holds half of it and has a loss ratio >= 2',
  );
  process.exit(1);
}
