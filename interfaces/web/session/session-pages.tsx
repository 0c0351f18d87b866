import type { Context } from 'koa';
import { z } from 'zod';
import type { Auth } from '../../../application/auth/index.ts';
import { MIN_PASSWORD_LENGTH, type UserCommands } from '../../../application/users/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { USER_ROLES } from '../../../domain/users/index.ts';
import { adminWrite } from '../../http/admin-write.ts';
import { type CsrfTokens, LoginBody, checkCsrf } from '../../http/auth/index.ts';
import { reachedOverHttps } from '../../http/https-origin.ts';
import { formFields, validateForm } from '../forms/index.ts';
import { LANGUAGE_COOKIE, isWebLanguage } from '../i18n/index.ts';
import { sendBrowserTo } from '../web-errors.tsx';
import { type WebFeature, pathParam, redirectAfterPost, webFeature } from '../web-feature.ts';
import type { WebView } from '../web-view.ts';
import { PasswordPage } from './password-page.tsx';
import { safeNext } from './safe-next.ts';
import { SignInPage } from './sign-in-page.tsx';
import { clearWebSessionCookies, setWebSessionCookies, webRefreshToken } from './web-session-cookies.ts';

export interface SessionPagesDeps {
  readonly auth: Auth;
  readonly csrf: CsrfTokens;
  /** The users' commands as the API runs them: a password change signs every session out. */
  readonly users: Pick<UserCommands, 'resetPassword'>;
}

const PasswordChange = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(1024),
});

/** What the sign-in page says on arrival: why the browser was sent there. */
function arrivalNotice(ctx: Context, view: WebView) {
  const { t } = view;
  if (ctx.query['expired'] === '1') return { kind: 'error' as const, text: t('sessionExpired') };
  if (ctx.query['signedOut'] === '1') return { kind: 'ok' as const, text: t('signedOut') };
  if (ctx.query['passwordChanged'] === '1') return { kind: 'ok' as const, text: t('passwordChanged') };
  return undefined;
}

const retrySeconds = (error: DomainError) =>
  Math.max(1, Math.ceil(Number(error.context['retryAfterMs']) / 1000));

/**
 * Sign-in, sign-out, the session's refresh, password change and the language switch. Sign-in is the API's
 * login (`Auth.login`: its brute-force limits per user name and address) and sets the API's cookies.
 */
export function sessionPages(deps: SessionPagesDeps): WebFeature {
  const pages = webFeature();

  pages.get('/admin/sign-in', 'public', (ctx, view) => {
    const next = safeNext(ctx.query['next']);
    if (view.user) return redirectAfterPost(ctx, next);
    return SignInPage({ view, next, notice: arrivalNotice(ctx, view) });
  });

  pages.post('/admin/sign-in', 'public', async (ctx, view) => {
    const { t } = view;
    const next = safeNext(ctx.query['next']);
    const fields = formFields(ctx);
    const form = validateForm(LoginBody, fields, t);
    const username = fields['username'] ?? '';
    if (!form.ok) {
      ctx.status = 422;
      return SignInPage({ view, next, username, errors: form.errors });
    }
    try {
      const session = await deps.auth.login(form.value.username, form.value.password, ctx.ip);
      setWebSessionCookies(ctx, session, deps.csrf);
      return redirectAfterPost(ctx, next);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'AUTH.RATE_LIMITED') {
        ctx.status = 429;
        ctx.set('Retry-After', String(retrySeconds(error)));
        const text = t('signInThrottled', { seconds: retrySeconds(error) });
        return SignInPage({ view, next, username, notice: { kind: 'error', text } });
      }
      if (error.code !== 'AUTH.UNAUTHENTICATED') throw error;
      ctx.status = 401;
      return SignInPage({ view, next, username, notice: { kind: 'error', text: t('signInFailed') } });
    }
  });

  // An expired access token: the web admin's refresh copy trades for a new session, or sign-in says it expired.
  pages.get('/admin/session/refresh', 'public', async (ctx) => {
    const next = safeNext(ctx.query['next']);
    const token = webRefreshToken(ctx);
    try {
      if (token === undefined) throw new DomainError('AUTH.UNAUTHENTICATED', 'no refresh token');
      setWebSessionCookies(ctx, await deps.auth.refresh(token), deps.csrf);
      sendBrowserTo(ctx, next);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'AUTH.UNAUTHENTICATED') throw error;
      clearWebSessionCookies(ctx);
      sendBrowserTo(ctx, `/admin/sign-in?expired=1&next=${encodeURIComponent(next)}`);
    }
  });

  pages.post('/admin/session/sign-out', 'public', async (ctx) => {
    const token = webRefreshToken(ctx);
    if (token !== undefined) {
      // The access token may have expired already: the CSRF token is checked against the refresh token's session.
      const sessionId = await deps.auth.sessionOf(token);
      if (sessionId !== null) {
        checkCsrf(ctx, deps.csrf, sessionId);
        await deps.auth.logout(token);
      }
    }
    clearWebSessionCookies(ctx);
    redirectAfterPost(ctx, '/admin/sign-in?signedOut=1');
  });

  pages.get('/admin/password', USER_ROLES, (_ctx, view) => PasswordPage({ view }));

  pages.post('/admin/password', USER_ROLES, async (ctx, view) => {
    const { t } = view;
    const form = validateForm(PasswordChange, formFields(ctx), t);
    if (!form.ok) {
      ctx.status = 422;
      return PasswordPage({ view, errors: form.errors });
    }
    const user = view.user;
    if (!user) return undefined;
    try {
      // The current password proves it is the user at the keyboard, through the login's own brute-force limit.
      await deps.auth.login(user.username, form.value.currentPassword, ctx.ip);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'AUTH.UNAUTHENTICATED') throw error;
      ctx.status = 422;
      return PasswordPage({ view, errors: { currentPassword: [t('currentPasswordWrong')] } });
    }
    await deps.users.resetPassword(user.id, form.value.newPassword, adminWrite(ctx, 'web-password'));
    clearWebSessionCookies(ctx);
    return redirectAfterPost(ctx, '/admin/sign-in?passwordChanged=1');
  });

  // A preference, not a write: a plain link in the header, no session needed (the sign-in page has it too).
  pages.get('/admin/language/:language', 'public', (ctx) => {
    const language = pathParam(ctx, 'language');
    if (isWebLanguage(language)) {
      ctx.cookies.set(LANGUAGE_COOKIE, language, {
        sameSite: 'strict',
        httpOnly: true,
        secure: reachedOverHttps(ctx),
        maxAge: 365 * 24 * 60 * 60 * 1000,
        path: '/',
      });
    }
    ctx.redirect(safeNext(ctx.query['back']));
  });

  return pages.feature;
}
