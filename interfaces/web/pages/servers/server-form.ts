import type { z } from 'zod';
import {
  CheckDefinitionBody,
  CheckTimingBody,
  NewServerBody,
} from '../../../http/monitoring/monitoring-schemas.ts';
import { type FieldErrors, validateForm } from '../../forms/index.ts';
import type { Translate } from '../../i18n/index.ts';

/** The fields of the "add a server" form: one server and its first check, as a person fills them in. */
export const SERVER_FORM_FIELDS = [
  'name',
  'host',
  'groupId',
  'kind',
  'port',
  'url',
  'intervalSeconds',
] as const;
export type ServerFormField = (typeof SERVER_FORM_FIELDS)[number];
export type ServerFormValues = Readonly<Record<ServerFormField, string>>;

export const CHECK_KINDS = ['tcp', 'http', 'ping', 'dns', 'push'] as const;

export type ServerFormResult =
  | { readonly ok: true; readonly body: z.output<typeof NewServerBody> }
  | { readonly ok: false; readonly errors: FieldErrors };

/** What the form posted, each field as text ('' when absent). */
export function serverFormValues(posted: Readonly<Record<string, string>>): ServerFormValues {
  return Object.fromEntries(SERVER_FORM_FIELDS.map((name) => [name, posted[name] ?? ''])) as ServerFormValues;
}

/** A whole number typed in a box: `undefined` when left empty, the text itself when not a number (zod says so). */
const numberTyped = (text: string): number | string | undefined => {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
};

function definitionOf(values: ServerFormValues): Record<string, unknown> {
  switch (values.kind) {
    case 'tcp':
      return { kind: 'tcp', port: numberTyped(values.port) };
    case 'http':
      return { kind: 'http', url: values.url };
    default:
      return { kind: values.kind };
  }
}

/** The field of the form a domain refusal's path names: `checks.0.definition.port` → `port`. */
export function formFieldOf(path: string): ServerFormField {
  const parts = path.split('.');
  const last = parts.at(-1);
  const first = parts[0];
  if (first === 'name' || first === 'host' || first === 'groupId') return first;
  if (last === 'port' || last === 'url' || last === 'intervalSeconds') return last;
  return parts.includes('timing') ? 'intervalSeconds' : 'kind';
}

/**
 * The form's values as the API's body, validated by the API's own schema (`NewServerBody`: the same bounds, the
 * same refusal of control characters). A refused check is validated again by its parts' schemas (the same the
 * body's `checks` are made of) so that each message goes next to its own box.
 */
export function parseServerForm(values: ServerFormValues, t: Translate): ServerFormResult {
  const interval = numberTyped(values.intervalSeconds);
  const definition = definitionOf(values);
  const timing = interval === undefined ? {} : { intervalSeconds: interval };
  const input = {
    name: values.name,
    host: values.host,
    groupId: values.groupId === '' ? null : values.groupId,
    checks: [{ definition, timing }],
  };
  const parsed = validateForm(NewServerBody, input, t);
  if (parsed.ok) return { ok: true, body: parsed.value };
  const { checks: _checks, ...serverErrors } = parsed.errors;
  const checkErrors = [
    validateForm(CheckDefinitionBody, definition, t),
    validateForm(CheckTimingBody, timing, t),
  ]
    .flatMap((result) => (result.ok ? [] : Object.entries(result.errors)))
    .map(([field, messages]) => [field === 'kind' || field === '_form' ? 'kind' : field, messages] as const);
  return { ok: false, errors: { ...serverErrors, ...Object.fromEntries(checkErrors) } };
}
