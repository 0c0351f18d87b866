import type { SafeHtml } from '../jsx/jsx-runtime.ts';

/** What an action did, said at the top of the page it lands on; `role` makes screen readers read it out. */
export function Outcome({ kind, text }: { readonly kind: 'ok' | 'error'; readonly text: string }): SafeHtml {
  return (
    <p class={`outcome ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
