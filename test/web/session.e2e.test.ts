import anyTest, { type TestFn } from 'ava';
import { cspViolations } from './support/admin-browser.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { saveScreenshots } from './support/screenshots.ts';
import { type ServedAdmin, startServedAdmin } from './support/served-admin.ts';

const test = anyTest as TestFn<{ admin: ServedAdmin }>;

test.before(async (t) => {
  t.context.admin = await startServedAdmin();
});
test.after.always(async (t) => {
  await t.context.admin?.stop();
});

test.serial(
  'a newcomer at / is sent to sign in, signs in and lands on the dashboard, in Russian',
  async (t) => {
    const { admin } = t.context;
    const page = await admin.newPage();
    const violations = cspViolations(page);
    await page.goto('/');
    t.regex(new URL(page.url()).pathname, /^\/admin\/sign-in$/);
    t.is(await page.locator('h1').textContent(), 'Вход');
    t.deepEqual(await seriousAccessibilityViolations(page), []);
    t.false((await saveScreenshots(page, 'sign-in')).overflowsAt375);

    await admin.signIn(page);
    t.is(new URL(page.url()).pathname, '/admin');
    t.is(await page.locator('h1').textContent(), 'Обзор');
    // htmx loaded under the CSP, configured not to inject its indicator styles: no <style> anywhere.
    t.true(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx === 'object'));
    t.is(await page.locator('style').count(), 0);
    t.deepEqual(await seriousAccessibilityViolations(page), []);
    t.false((await saveScreenshots(page, 'dashboard')).overflowsAt375);
    t.deepEqual(violations, []);
  },
);

test.serial('a wrong password is refused on the page and sets no session', async (t) => {
  const page = await t.context.admin.newPage();
  await page.goto('/admin/sign-in');
  await page.getByLabel('Имя пользователя').fill('admin');
  await page.getByLabel('Пароль').fill('not the password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('alert').waitFor();
  t.is(await page.getByRole('alert').textContent(), 'Неверное имя пользователя или пароль.');
  t.false((await page.context().cookies()).some((cookie) => cookie.name === 'tbot_access'));
});

test.serial(
  'a POST without the CSRF token is refused and changes nothing; with it, sign-out works',
  async (t) => {
    const { admin } = t.context;
    const page = await admin.newPage();
    await admin.signIn(page);
    // The page's own cookies (SameSite=Strict ones included), but no _csrf field and no header.
    const refused = await page.request.post('/admin/session/sign-out', {
      form: { anything: '1' },
      maxRedirects: 0,
    });
    t.is(refused.status(), 403);
    t.regex(await refused.text(), /CSRF/);
    await page.goto('/admin');
    t.is(await page.locator('h1').textContent(), 'Обзор');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/sign-in');
    t.is(await page.getByRole('status').textContent(), 'Вы вышли.');
    await page.goto('/admin');
    t.is(new URL(page.url()).pathname, '/admin/sign-in');
  },
);

test.serial('the header switches the pages to English and back', async (t) => {
  const { admin } = t.context;
  const page = await admin.newPage();
  await admin.signIn(page);
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL((url) => url.pathname === '/admin');
  t.is(await page.locator('h1').textContent(), 'Dashboard');
  t.is(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('link', { name: 'Русский' }).click();
  await page.waitForURL((url) => url.pathname === '/admin');
  t.is(await page.locator('h1').textContent(), 'Обзор');
});

test.serial('a script in a form field comes back as text', async (t) => {
  const page = await t.context.admin.newPage();
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  const script = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
  await page.goto('/admin/sign-in');
  await page.getByLabel('Имя пользователя').fill(script);
  await page.getByLabel('Пароль').fill('wrong');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('alert').waitFor();
  t.is(await page.getByLabel('Имя пользователя').inputValue(), script);
  t.is(await page.locator('img').count(), 0);
  t.is(dialogs, 0);
});
