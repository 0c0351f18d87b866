import type { Context } from 'koa';
import type { z } from 'zod';
import type { Translate } from '../i18n/index.ts';

/** The errors of a refused form, by field name (the top-level key of the schema). */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export type FormResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldErrors };

/** The fields of the posted form as strings (the first of a repeated name), `_csrf` left out. */
export function formFields(ctx: Context): Record<string, string> {
  const body = (ctx.request as { body?: unknown }).body;
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf') continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[name] = first;
  }
  return fields;
}

function message(issue: z.core.$ZodIssue, t: Translate): string {
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    return min <= 1 ? t('fieldRequired') : t('fieldTooShort', { min });
  }
  if (issue.code === 'too_big') return t('fieldTooLong', { max: Number(issue.maximum) });
  if (issue.code === 'invalid_type' && issue.input === undefined) return t('fieldRequired');
  return t('fieldInvalid');
}

/**
 * Validates `input` with `schema` (the API's own schema, so a page accepts exactly what the API does) and turns
 * its issues into translated messages by field, for the form to show beside each field.
 */
export function validateForm<S extends z.ZodType>(
  schema: S,
  input: unknown,
  t: Translate,
): FormResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_form';
    (errors[field] ??= []).push(message(issue, t));
  }
  return { ok: false, errors };
}
