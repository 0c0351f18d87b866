/** The outcome of looking a dotted path up in a parsed JSON answer. */
export type JsonLookup = { readonly found: true; readonly value: unknown } | { readonly found: false };

/**
 * Follows a dotted path such as `status.db` or `items.0.state` through objects (own keys) and arrays
 * (whole-number indexes). An empty segment matches nothing, so a malformed path is simply "not found".
 */
export function lookUpJsonPath(document: unknown, path: string): JsonLookup {
  let current: unknown = document;
  for (const segment of path.split('.')) {
    if (segment === '') return { found: false };
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return { found: false };
      const index = Number(segment);
      if (index >= current.length) return { found: false };
      current = current[index];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

/** A value as a message shows it: text as is, anything else as JSON (`null`, `42`, `{"a":1}`). */
export function shownJsonValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
