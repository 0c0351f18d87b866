import {
  DomainError,
  controlCharacterMessage,
  findControlCharacter,
  normalizePlainText,
} from '../shared/index.ts';

/** The longest note an agent may add from Telegram (a Telegram message holds 4,096; a few make a note). */
export const MAX_NOTE_LENGTH = 10_000;

/**
 * An internal note's text: trimmed, refused when empty (`OTRS_NOTE.EMPTY`), longer than
 * {@link MAX_NOTE_LENGTH} (`OTRS_NOTE.TOO_LONG`, checked first so a 100 KB paste is not scanned) or holding a
 * control character other than tab and line breaks (`OTRS_NOTE.INVALID_TEXT`); in NFC, line breaks as LF.
 */
export function normalizeNoteText(value: string): string {
  const text = value.trim();
  if (text === '') throw new DomainError('OTRS_NOTE.EMPTY', 'A note needs some text', { field: 'text' });
  if (text.length > MAX_NOTE_LENGTH) {
    throw new DomainError('OTRS_NOTE.TOO_LONG', `A note is at most ${MAX_NOTE_LENGTH} characters`, {
      field: 'text',
      max: MAX_NOTE_LENGTH,
      length: text.length,
    });
  }
  const found = findControlCharacter(text, { multiline: true });
  if (found) {
    throw new DomainError('OTRS_NOTE.INVALID_TEXT', `The note ${controlCharacterMessage(found)}`, {
      field: 'text',
      codePoint: found.codePoint,
    });
  }
  return normalizePlainText(text, { multiline: true });
}
