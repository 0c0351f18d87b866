/**
 * Where sign-in may send the browser back to: a path of the web admin only, never another site (`//evil`,
 * `/\evil`, `https://…`).
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/admin(?:[/?#]|$)/.test(next) || /[\\\r\n\t]/.test(next))
    return '/admin';
  if (next.startsWith('/admin/session') || next.startsWith('/admin/sign-in')) return '/admin';
  return next;
}
