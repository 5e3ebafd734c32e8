#!/usr/bin/env node
/**
 * `npm test` renders the HTML report in Debian's Chromium (test/browser/).
 * This makes sure it is there first: present → nothing to do; missing and
 * running as root with apt-get → installs Debian's `chromium` package;
 * otherwise → says exactly what to run, and fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';

if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt =
  spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (!isRoot || !hasApt) {
  console.error(
    `Chromium is missing at ${CHROMIUM}: the report tests need it.\n` +
      `Install Debian's package (as root):  ${INSTALL}`,
  );
  process.exit(1);
}

console.error(
  `Chromium is missing at ${CHROMIUM}; installing Debian's package: ${INSTALL}`,
);
const result = spawnSync('sh', ['-c', INSTALL], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
if (result.status !== 0 || !existsSync(CHROMIUM)) {
  console.error(`Installing Chromium failed (exit ${result.status}); run: ${INSTALL}`);
  process.exit(1);
}
