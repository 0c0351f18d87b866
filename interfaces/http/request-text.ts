import { controlCharacterMessage, findControlCharacter } from '../../domain/shared/index.ts';
import type { FieldError } from './problem.ts';

/** How deep a body is searched: far deeper than any body of ours, bounded against a crafted one. */
const MAX_DEPTH = 32;

/**
 * Every string of a request part (path parameters, query, JSON body: values and keys, at any depth) that
 * holds a control character, as field errors (`body.items.0.name`). Tab and line breaks pass here: the
 * fields that do not allow them say so in their own rules (the domain's `plainText`).
 *
 * Why before any route runs: a NUL reaching PostgreSQL fails the query (a 500 from the login, a search, an
 * audit filter), and reaching the log it would park a projection.
 */
export function controlCharacterErrors(part: string, value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (node: unknown, path: string, depth: number): void => {
    if (typeof node === 'string') {
      const found = findControlCharacter(node, { multiline: true });
      if (found) errors.push({ path, message: controlCharacterMessage(found) });
    } else if (Array.isArray(node)) {
      if (depth < MAX_DEPTH) node.forEach((item, i) => visit(item, `${path}.${i}`, depth + 1));
    } else if (typeof node === 'object' && node !== null && depth < MAX_DEPTH) {
      for (const [key, item] of Object.entries(node)) {
        const found = findControlCharacter(key, { multiline: true });
        // The key itself is not repeated: it is what may not be shown.
        if (found) errors.push({ path, message: `a key ${controlCharacterMessage(found)}` });
        else visit(item, `${path}.${key}`, depth + 1);
      }
    }
  };
  visit(value, part, 0);
  return errors;
}
