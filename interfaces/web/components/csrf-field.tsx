import type { SafeHtml } from '../jsx/jsx-runtime.ts';
import type { WebView } from '../web-view.ts';

/** The CSRF field every form carries (a form posted without htmx has no header to carry it). */
export const CSRF_FIELD = '_csrf';

export function CsrfField({ view }: { readonly view: WebView }): SafeHtml {
  return <input type="hidden" name={CSRF_FIELD} value={view.csrfToken ?? ''} />;
}
