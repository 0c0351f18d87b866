import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { loggableError } from '../../infrastructure/logging/index.ts';
import { problemFromError } from '../http/problem.ts';
import type { SafeHtml } from './jsx/jsx-runtime.ts';
import { MessagePage } from './pages/message-page.tsx';
import { hadSession } from './session/web-session-cookies.ts';
import { sendHtml } from './web-feature.ts';
import { PageForbidden, PageNotFound, SignInRequired } from './web-refusals.ts';
import { webView } from './web-view.ts';

/** Where a request without a session goes: sign-in, or first a refresh of a session that may only have expired. */
function signInLocation(ctx: Context): string {
  const next = encodeURIComponent(
    ctx.method === 'GET' && !ctx.get('HX-Request')
      ? ctx.url
      : ctx.get('HX-Current-URL')
        ? new URL(ctx.get('HX-Current-URL')).pathname
        : '/admin',
  );
  return hadSession(ctx) ? `/admin/session/refresh?next=${next}` : `/admin/sign-in?next=${next}`;
}

/** Sends the browser to `location`; htmx is told to load it as a whole page (`HX-Redirect`), not swap it in. */
export function sendBrowserTo(ctx: Context, location: string): void {
  if (ctx.get('HX-Request') === 'true') {
    ctx.status = 200;
    ctx.set('HX-Redirect', location);
    ctx.body = '';
    return;
  }
  ctx.redirect(location);
}

/**
 * The web admin's errors as pages in the user's language: no session sends the browser to sign in; a wrong
 * role, a refused CSRF token, a limit, a missing page and a fault each answer a page saying so (a fault logged
 * with the request id, shown to the user to quote). Messages never carry internals.
 */
export function webErrors(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof SignInRequired) {
        sendBrowserTo(ctx, signInLocation(ctx));
        return;
      }
      const view = webView(ctx);
      const { t } = view;
      const page = (status: number, title: string, text: string): void => {
        const html: SafeHtml = MessagePage({ view, title, text });
        sendHtml(ctx, html, status);
      };
      if (error instanceof PageForbidden)
        return page(403, t('forbiddenTitle'), t('forbidden', { role: view.user?.role ?? '' }));
      if (error instanceof PageNotFound) return page(404, t('notFoundTitle'), t('notFound'));
      const problem = problemFromError(error);
      for (const [name, value] of Object.entries(problem.headers ?? {})) ctx.set(name, value);
      if (problem.code === 'AUTH.CSRF_FORBIDDEN') return page(403, t('forbiddenTitle'), t('csrfRefused'));
      if (problem.status === 401) {
        sendBrowserTo(ctx, signInLocation(ctx));
        return;
      }
      if (problem.status === 429) {
        const seconds = ctx.response.get('Retry-After') || '60';
        return page(429, t('errorTitle'), t('tooManyRequests', { seconds }));
      }
      if (problem.status === 404) return page(404, t('notFoundTitle'), t('notFound'));
      if (problem.status < 500) return page(problem.status, t('errorTitle'), problem.detail);
      logger.error(
        { err: loggableError(error), status: problem.status, requestId: ctx.state['requestId'] },
        'page failed',
      );
      page(
        problem.status,
        t('errorTitle'),
        t('serverError', { requestId: String(ctx.state['requestId'] ?? '') }),
      );
    }
  };
}
