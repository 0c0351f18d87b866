import { z } from 'zod';
import {
  type PlainTextOptions,
  controlCharacterMessage,
  findControlCharacter,
} from '../../domain/shared/index.ts';

/**
 * A string field that is plain text, the domain's rule (`findControlCharacter`) in a route's schema: a control
 * character answers 422 naming the field (`body.fullName`) with the others, before any command runs. Tab and
 * line breaks only with `multiline`. The domain still has the last word (and stores the text in NFC).
 * @example const Name = plainString().trim().min(1).max(200);
 */
export function plainString(options: PlainTextOptions = {}) {
  return z.string().superRefine((value, ctx) => {
    const found = findControlCharacter(value, options);
    if (found) ctx.addIssue({ code: 'custom', message: controlCharacterMessage(found) });
  });
}
