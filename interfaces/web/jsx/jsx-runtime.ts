import { attributesToString, escapeHtml, isVoidElement } from '@kitajs/html';

/** Markup the runtime made (or a caller vouched for): inserted as is, where any other string is escaped. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = SafeHtml | string | number | boolean | null | undefined | readonly Child[];

function render(child: Child): string {
  if (child === null || child === undefined || typeof child === 'boolean') return '';
  if (child instanceof SafeHtml) return child.html;
  if (typeof child === 'string') return escapeHtml(child);
  if (typeof child === 'number') return String(child);
  let out = '';
  for (const item of child) out += render(item);
  return out;
}

type Props = { readonly children?: Child; readonly [name: string]: unknown };
type Component = (props: Props) => SafeHtml;

export function jsx(tag: string | Component, props: Props): SafeHtml {
  if (typeof tag === 'function') return tag(props);
  const attributes = attributesToString(props);
  if (props.children === undefined && isVoidElement(tag)) return new SafeHtml(`<${tag}${attributes}>`);
  return new SafeHtml(`<${tag}${attributes}>${render(props.children)}</${tag}>`);
}

export const jsxs = jsx;

export function Fragment(props: { readonly children?: Child }): SafeHtml {
  return new SafeHtml(render(props.children));
}

type Kita = globalThis.JSX.IntrinsicElements;

// TypeScript reads the JSX types from a namespace of the runtime module: no other syntax exists for it.
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace JSX {
  type Element = SafeHtml;
  type IntrinsicElements = {
    [Tag in keyof Kita]: Omit<Kita[Tag], 'children' | 'safe' | 'attrs' | 'style'> & { children?: Child };
  };
  interface ElementChildrenAttribute {
    children: object;
  }
}
