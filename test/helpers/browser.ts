import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it when missing); playwright downloads no browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless chromium; as root (CI containers) it runs only without its sandbox. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
