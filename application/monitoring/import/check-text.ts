import { normalizeCheckDefinition } from '../../../domain/monitoring/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { NewCheckDefinition } from '../server-commands.ts';
import type { RowCheck } from './server-sheet.ts';

/** A checks cell holds at most this many checks (a server's own bound is lower: the domain refuses past it). */
const MAX_CHECKS_IN_CELL = 50;

/** The result of reading a checks cell: its checks, or the first refusal (which names the check). */
export type ParsedChecks =
  { readonly ok: true; readonly checks: RowCheck[] } | { readonly ok: false; readonly message: string };

/**
 * Splits `text` at `separators` outside double quotes (`keyword="a; b"` is one piece); pieces are trimmed,
 * empty ones dropped. An unclosed quote runs to the end.
 */
function splitOutsideQuotes(text: string, separators: RegExp): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (!quoted && separators.test(char)) {
      pieces.push(current);
      current = '';
    } else current += char;
  }
  pieces.push(current);
  return pieces.map((piece) => piece.trim()).filter((piece) => piece !== '');
}

const unquote = (value: string) => value.replace(/^"(.*)"$/s, '$1');

/** `key=value` options after a check's first word; a bare word is a flag (`insecure`). */
function optionsOf(words: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (const word of words) {
    const at = word.indexOf('=');
    const key = (at < 0 ? word : word.slice(0, at)).toLowerCase();
    if (options.has(key)) throw new DomainError('CHECK.INVALID_KIND', `${key} is given twice`);
    options.set(key, at < 0 ? '' : unquote(word.slice(at + 1)));
  }
  return options;
}

function refuseUnknown(options: ReadonlyMap<string, string>, known: readonly string[]): void {
  const unknown = [...options.keys()].find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw new DomainError(
      'CHECK.INVALID_KIND',
      known.length === 0
        ? `takes no options (got ${unknown})`
        : `${unknown} is not an option of this check (${known.join(', ')})`,
    );
  }
}

/** A whole number as written, or NaN: `Number('')` and `Number('1e3')` are not what a person meant. */
const wholeNumber = (text: string): number => (/^-?\d{1,9}$/.test(text) ? Number(text) : Number.NaN);

function statusRange(text: string): { min: number; max: number } {
  const match = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(text);
  if (!match?.[1]) throw new DomainError('CHECK.INVALID_STATUS_RANGE', 'status is 200 or 200-399');
  const min = Number(match[1]);
  return { min, max: match[2] === undefined ? min : Number(match[2]) };
}

function httpCheck(url: string, options: ReadonlyMap<string, string>): NewCheckDefinition {
  refuseUnknown(options, ['status', 'method', 'keyword', 'json', 'equals', 'tls', 'insecure']);
  const method = (options.get('method') ?? 'GET').toUpperCase();
  const json = options.get('json');
  const equals = options.get('equals');
  const tls = options.get('tls');
  if (equals !== undefined && json === undefined) {
    throw new DomainError('CHECK.INVALID_JSON_PATH', 'equals needs json=PATH');
  }
  return {
    kind: 'http',
    url,
    method: method as 'GET' | 'HEAD',
    expectStatus: statusRange(options.get('status') ?? '200-299'),
    ignoreTlsErrors: options.has('insecure'),
    ...(options.has('keyword') ? { keyword: options.get('keyword') ?? '' } : {}),
    ...(json === undefined ? {} : { json: { path: json, ...(equals === undefined ? {} : { equals }) } }),
    ...(tls === undefined ? {} : { tlsExpiryWarningDays: wholeNumber(tls) }),
  };
}

/** One check as written: its first word names the kind (and its argument), the rest are options. */
function definitionOf(text: string): NewCheckDefinition {
  const [first = '', ...rest] = splitOutsideQuotes(text, /\s/);
  const options = optionsOf(rest);
  if (/^https?:\/\//i.test(first)) return httpCheck(first, options);
  const colon = first.indexOf(':');
  const kind = (colon < 0 ? first : first.slice(0, colon)).toLowerCase();
  const argument = colon < 0 ? '' : first.slice(colon + 1);
  switch (kind) {
    case 'tcp':
      refuseUnknown(options, []);
      if (argument === '') throw new DomainError('CHECK.INVALID_PORT', 'needs a port: tcp:5432');
      return { kind: 'tcp', port: wholeNumber(argument) };
    case 'http':
    case 'https':
      if (argument === '') throw new DomainError('CHECK.INVALID_URL', 'needs a URL: http:https://host/path');
      return httpCheck(argument, options);
    case 'ping':
    case 'push':
      refuseUnknown(options, []);
      if (argument !== '') throw new DomainError('CHECK.INVALID_KIND', `${kind} takes no argument`);
      return { kind };
    case 'dns': {
      refuseUnknown(options, ['type', 'expect']);
      const recordType = (options.get('type') ?? 'A').toUpperCase();
      const expect = options.get('expect');
      return {
        kind: 'dns',
        recordType: recordType as 'A' | 'AAAA',
        ...(argument === '' ? {} : { host: argument }),
        ...(expect === undefined ? {} : { expectAddress: expect }),
      };
    }
    default:
      throw new DomainError(
        'CHECK.INVALID_KIND',
        `"${kind}" is not a check kind (tcp, http, ping, dns, push)`,
      );
  }
}

/** The domain's message without the field path it was given (`check.port must be...` → `port must be...`). */
const bare = (message: string) => message.replace(/^check\.?/, '');

/**
 * Reads a checks cell: checks separated by `;` or line breaks, each `kind[:argument] [option=value ...]`
 * (`tcp:5432; https://db1/health status=200-399 keyword="OK"; ping; dns type=AAAA; push`), and checks each
 * as the domain will (on `host`, the row's own, or a stand-in when the row's host is refused). The first
 * refusal is the answer, naming the check as written.
 */
export function parseChecks(cell: string, host: string): ParsedChecks {
  const texts = splitOutsideQuotes(cell, /[;\n]/);
  if (texts.length > MAX_CHECKS_IN_CELL) {
    return { ok: false, message: `more than ${MAX_CHECKS_IN_CELL} checks` };
  }
  const checks: RowCheck[] = [];
  for (const text of texts) {
    try {
      const definition = definitionOf(text);
      if (definition.kind !== 'push') normalizeCheckDefinition(definition, host, 'check');
      checks.push({ text, definition });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
      return { ok: false, message: `"${shown}": ${bare(error.message)}` };
    }
  }
  return { ok: true, checks };
}
