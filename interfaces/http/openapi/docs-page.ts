import { markdownBlock, markdownInline } from './description-markdown.ts';
import type { OpenApiDocument } from './openapi-document.ts';

/** The docs page's policy: its own inline style, nothing else loads, nothing frames it. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const json = (value: unknown): string => escape(JSON.stringify(value, null, 2));

interface Operation {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly 'x-roles'?: readonly string[];
  readonly parameters?: readonly {
    name: string;
    in: string;
    required: boolean;
    description?: string;
    schema: unknown;
  }[];
  readonly requestBody?: { content: Record<string, { schema?: unknown }> };
  readonly responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}

function operationHtml(method: string, path: string, op: Operation): string {
  const roles = op['x-roles'] ? `roles: ${op['x-roles'].join(', ')}` : 'public';
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${markdownInline(p.description ?? '')}</td><td><code>${json(p.schema)}</code></td></tr>`,
    )
    .join('');
  const body = op.requestBody?.content['application/json']?.schema;
  const responses = Object.entries(op.responses)
    .map(([status, r]) => `<li><b>${escape(status)}</b> ${markdownInline(r.description)}</li>`)
    .join('');
  return `<section id="${escape(`${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${markdownInline(op.summary ?? '')} <small>(${escape(roles)})</small></p>
${op.description ? markdownBlock(op.description) : ''}
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th><th>schema</th></tr>${params}</table>` : ''}
${body ? `<details><summary>request body</summary><pre>${json(body)}</pre></details>` : ''}
<ul>${responses}</ul>
</section>`;
}

/**
 * A readable page of the OpenAPI document, rendered on the server: no script and nothing fetched (TBot often
 * runs where the internet is not), so it works offline and under a strict content security policy. The
 * descriptions' Markdown is rendered (code spans, lists, links); raw HTML in them shows as text.
 */
export function docsPage(document: OpenApiDocument): string {
  const sections: string[] = [];
  const index: string[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const operation = op as Operation;
      sections.push(operationHtml(method, path, operation));
      index.push(
        `<li><a href="#${escape(`${method}-${path}`)}">${method.toUpperCase()} ${escape(path)}</a> ${markdownInline(operation.summary ?? '')}</li>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)} ${escape(document.info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
code,pre{font:13px ui-monospace,monospace}p code,li code,td code{background:#f3f3f3;padding:0 .2em;border-radius:3px}pre{background:#f6f6f6;padding:.5em;overflow:auto}
section{border-top:1px solid #ddd;padding:.5em 0}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:4em;color:#fff;border-radius:3px;padding:0 .3em;text-align:center}
.get{background:#2b7bb9}.post{background:#2e9a4a}.put{background:#b97a2b}.patch{background:#8a5bb9}.delete{background:#b92b2b}
</style></head><body>
<h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
${markdownBlock(document.info.description)}
<p>The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<ul>${index.join('\n')}</ul>
${sections.join('\n')}
</body></html>`;
}
