import { Marked, type Tokens } from 'marked';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Links may go to the web (http, https), a mailbox, or elsewhere on this server; anything else (`javascript:`,
// `data:`, `vbscript:` in any spelling) is shown as its text, never as a link.
const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/(?!\/)|#)/i;

/**
 * Markdown as the docs page shows it. The descriptions are TBot's own, yet raw HTML in them is shown as text
 * (a description quoting `<script>` must never run, and the page's policy forbids scripts anyway), images are
 * shown as their alternative text (the policy loads nothing), and links keep only the schemes above.
 */
const markdown = new Marked({
  async: false,
  gfm: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    image: ({ text }: Tokens.Image) => escapeHtml(text),
    link(this: { parser: { parseInline(tokens: Tokens.Link['tokens']): string } }, token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!SAFE_HREF.test(token.href.trim())) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      return `<a href="${escapeHtml(token.href.trim())}"${title}>${text}</a>`;
    },
  },
});

/** A description's Markdown as HTML blocks (paragraphs, lists, code). */
export const markdownBlock = (source: string): string => markdown.parse(source, { async: false });

/** A one-line description's Markdown as inline HTML (code spans, emphasis, links), without a paragraph. */
export const markdownInline = (source: string): string => markdown.parseInline(source, { async: false });
