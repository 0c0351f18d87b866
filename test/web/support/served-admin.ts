import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type ServedApi, TEST_ADMIN_PASSWORD, startServedApi } from '../../support/served-api.ts';
import { launchBrowser } from './admin-browser.ts';

/**
 * A test file's TBot node (`tbot serve` on a database of its own, see `startServedApi`) and one Chromium.
 * `test.before(async (t) => { t.context.admin = await startServedAdmin(); })`, and
 * `test.after.always((t) => t.context.admin?.stop())`.
 */
export interface ServedAdmin {
  readonly api: ServedApi;
  readonly browser: Browser;
  readonly baseUrl: string;
  /** A new browser context (its own cookies) with a page on it, closed by `stop`. */
  newPage(): Promise<Page>;
  /** Signs `username` in through the sign-in form; the page ends on the page sign-in lands on. */
  signIn(page: Page, username?: string, password?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startServedAdmin(): Promise<ServedAdmin> {
  const api = await startServedApi();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await api.stop();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  const baseUrl = api.node.baseUrl;
  return {
    api,
    browser,
    baseUrl,
    async newPage() {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      return context.newPage();
    },
    async signIn(page, username = 'admin', password = TEST_ADMIN_PASSWORD) {
      await page.goto('/admin/sign-in');
      await page.getByLabel(/Имя пользователя|User name/).fill(username);
      await page.getByLabel(/^(Пароль|Password)$/).fill(password);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith('/admin/sign-in')),
        page.getByRole('button', { name: /Войти|Sign in/ }).click(),
      ]);
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await api.stop();
    },
  };
}
