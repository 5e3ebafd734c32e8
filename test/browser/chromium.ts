/**
 * Debian's Chromium driven by playwright-core, kept off the network: no
 * background services, every host name unresolvable, and (in `report-page.ts`)
 * every request other than the page's own file aborted and recorded.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.AGGRESSORS_CHROMIUM ?? '/usr/bin/chromium';

export const INSTALL_HINT =
  "install Debian's Chromium: `sudo apt-get update && sudo apt-get install -y chromium` " +
  '(as root, without sudo), or set AGGRESSORS_CHROMIUM to a Chromium binary';

/** Flags that keep Chromium from reaching any network on its own. */
const OFFLINE_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-sync',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: ${INSTALL_HINT}`);
  }
  const asRoot = process.getuid?.() === 0;

  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...OFFLINE_FLAGS, ...(asRoot ? ['--no-sandbox'] : [])],
  });
}
