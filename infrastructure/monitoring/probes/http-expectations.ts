import type { HttpCheck } from '../../../domain/monitoring/check-definition.ts';
import type { ReadBody } from './http-body.ts';
import { lookUpJsonPath, shownJsonValue } from './json-path.ts';
import { oneLine } from './probe-outcome.ts';

/** Whether the check needs the body at all: without a keyword or a JSON expectation the status decides. */
export function needsBody(check: HttpCheck): boolean {
  return check.method === 'GET' && (check.keyword !== undefined || check.json !== undefined);
}

export function statusFailure(check: HttpCheck, status: number): string | null {
  const { min, max } = check.expectStatus;
  return status >= min && status <= max ? null : `status ${status} (expected ${min}..${max})`;
}

/** Why the body fails the check's expectations, or null when it meets them. */
export function bodyFailure(check: HttpCheck, body: ReadBody, maxBodyBytes: number): string | null {
  const within = body.cut ? ` in the first ${maxBodyBytes} bytes (body cut at the size limit)` : '';
  if (check.keyword !== undefined && !body.text.includes(check.keyword)) {
    return `keyword "${oneLine(check.keyword, 40)}" not found${within}`;
  }
  if (check.json === undefined) return null;
  let document: unknown;
  try {
    document = JSON.parse(body.text);
  } catch {
    return `the answer is not JSON${body.cut ? ` (body cut at ${maxBodyBytes} bytes)` : ''}`;
  }
  const lookup = lookUpJsonPath(document, check.json.path);
  const path = oneLine(check.json.path, 60);
  if (!lookup.found) return `JSON path ${path} not found`;
  const { equals } = check.json;
  if (equals === undefined || String(lookup.value) === equals) return null;
  return `JSON ${path} is ${oneLine(shownJsonValue(lookup.value), 60)} (expected ${oneLine(equals, 60)})`;
}
