import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Git-ignored: CI keeps it as the run's artifact. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../test-artifacts/web/', import.meta.url));

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

/**
 * Saves the page as a desktop and a 375 px wide screenshot (`<name>-desktop.png`, `<name>-375.png`), and
 * answers whether the page scrolls sideways at 375 px (it should not: tables scroll inside their wrapper).
 */
export async function saveScreenshots(
  page: Page,
  name: string,
): Promise<{ readonly overflowsAt375: boolean }> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}-desktop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  const overflowsAt375 = await page.evaluate(() => {
    // The tests' TypeScript has no DOM library: the page's root as far as this check needs it.
    type Root = { readonly scrollWidth: number; readonly clientWidth: number };
    const root = (globalThis as unknown as { document: { documentElement: Root } }).document.documentElement;
    return root.scrollWidth > root.clientWidth + 1;
  });
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}-375.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
  return { overflowsAt375 };
}
