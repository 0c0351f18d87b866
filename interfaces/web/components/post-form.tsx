import type { Child, SafeHtml } from '../jsx/jsx-runtime.ts';
import type { WebView } from '../web-view.ts';
import { CsrfField } from './csrf-field.tsx';

export interface PostFormProps {
  readonly view: WebView;
  readonly action: string;
  readonly class?: string;
  /** htmx: where the answer goes (`hx-target`) and how (`hx-swap`); without, a plain post and redirect. */
  readonly target?: string;
  readonly swap?: string;
  readonly children?: Child;
}

/** A POST form with its CSRF field: the one way pages write. Works without script; with htmx, swaps in place. */
export function PostForm(props: PostFormProps): SafeHtml {
  const { view, action, target, swap } = props;
  return (
    <form
      method="post"
      action={action}
      class={props.class}
      hx-post={target ? action : undefined}
      hx-target={target}
      hx-swap={target ? (swap ?? 'outerHTML') : undefined}
      novalidate
    >
      <CsrfField view={view} />
      {props.children}
    </form>
  );
}
