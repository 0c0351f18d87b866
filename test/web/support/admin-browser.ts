import { existsSync } from 'node:fs';
import { type Browser, type ConsoleMessage, type Page, chromium } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs the `chromium` package when it is missing). */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The flags STACK-NOTES.md checked on this kind of machine (root, no GPU, no sandbox in a container). */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * One browser for a test file (`test.before`; close it in `test.after.always`). A missing Chromium fails the
 * file with what to install: a browser test never skips silently.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH); .ci/run installs it`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true });
}

/** What a page's console said against the CSP (an inline script or style the policy refused), to assert none. */
export function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (apply|execute|load)/i.test(text)) violations.push(text);
  });
  return violations;
}
