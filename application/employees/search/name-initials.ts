import { blankControlCharacters } from '../../../domain/shared/index.ts';
import { latinLayoutToCyrillic } from './keyboard-layout.ts';
import { latinToCyrillic } from './transliteration.ts';

/** A surname with the initials of the first name and, when given, of the patronymic: `Лебедева Е.И.`. */
export interface NameWithInitials {
  /** The surname as typed (not folded): the search reads it as any other word, translit and layout too. */
  readonly surname: string;
  /**
   * The letters each initial may stand for (lower case), the first name's, then the patronymic's: `Е` is `е`;
   * `E` typed in Latin is `е`, `э` or `e`; `T` typed on the Latin layout where `Е` was meant is also `е`.
   */
  readonly initials: readonly (readonly string[])[];
}

/**
 * One initial: a Cyrillic letter, a Latin letter, or a Latin pair that spells one Russian letter (`Yu.` for
 * `Ю.`, `Zh.` for `Ж.`). A pair only counts before its dot: `ЕИ` undotted is two initials.
 */
const INITIAL = String.raw`(?:yu|ya|yo|ye|zh|kh|ch|sh|ts|\p{L}|[,<.>;:'"\[\]{}~` + '`' + String.raw`](?=/))`;
/**
 * (The punctuation keys are Russian letters on the Latin layout, `<` or `,` is `Б`: initials then, when a `/`,
 * the layout's dot, follows.)
 *
 * A dot after an initial; `/` is the key of the Russian `.` on the Latin layout (`T/B/` is `Е.И.` typed with
 * the wrong layout on).
 */
const DOT = '[./]';
const DOTTED = new RegExp(`^(${INITIAL})(${DOT}) ?(?:(${INITIAL})${DOT}?)?$`, 'iu');
const UPPER_PAIR = /^(\p{Lu})(\p{Lu})$/u;
const SPACED_SINGLES = /^(\p{L})(?: (\p{L}))?$/u;
/** `ЛебедеваЕИ`, `ЛебедеваЕ.И.`: initials glued to the surname are told apart by their capitals. */
const GLUED_AFTER = /^(\p{Lu}?[\p{Ll}-]*\p{Ll})(\p{Lu})\.?(?:(\p{Lu})\.?)?$/u;
/**
 * `Е.И.Лебедева`: glued before it, they need their dots and a capital, or every e-mail login (`i.ivanov`)
 * would be an initial and a surname.
 */
const GLUED_BEFORE = new RegExp(`^(${INITIAL})(${DOT}) ?(?:(${INITIAL})${DOT})?(\\p{L}.+)$`, 'iu');

/** Letters on the Latin layout that are Russian letters on the other one (`,` is `б`, `;` is `ж`). */
const LAYOUT_LETTER = '[\\p{L},;\'\\[\\]<>{}:"`~]';
const SURNAME = new RegExp(`^(?=.*\\p{L})${LAYOUT_LETTER}(?:${LAYOUT_LETTER}|-)*${LAYOUT_LETTER}$`, 'u');

/**
 * The Russian letters a Latin initial cut to its first letter may stand for: `Z.` is as often Жанна (`Zhanna`)
 * as Зоя, `Y.` Юрий, Яна or Евгений written the English way.
 */
const FIRST_LETTER_OF: Readonly<Record<string, readonly string[]>> = {
  z: ['ж'],
  k: ['х'],
  c: ['ч'],
  s: ['ш', 'щ'],
  t: ['ц'],
  y: ['ю', 'я', 'е'],
  j: ['ю', 'я'],
};

/** Which letters a Latin initial may stand for: Cyrillic readings of one letter, its layout key, itself. */
function readingsOfLatin(initial: string): string[] {
  const readings = latinToCyrillic(initial, 4).filter((reading) => [...reading].length === 1);
  const layout = initial.length === 1 ? [latinLayoutToCyrillic(initial)] : [];
  return [...new Set([...readings, ...(FIRST_LETTER_OF[initial] ?? []), initial, ...layout])];
}

function lettersOf(initial: string, dot: string | undefined): string[] {
  const folded = initial.toLowerCase().replaceAll('ё', 'е');
  if (/^[а-я]$/.test(folded)) return [folded];
  if (dot === '/') return [latinLayoutToCyrillic(folded)];
  if (/^[a-z]{1,2}$/.test(folded)) return readingsOfLatin(folded);
  return [folded];
}

function initialsOf(text: string): (readonly string[])[] | null {
  const dotted = DOTTED.exec(text);
  if (dotted) {
    const [, first = '', dot, second] = dotted;
    return [lettersOf(first, dot), ...(second === undefined ? [] : [lettersOf(second, dot)])];
  }
  const undotted = UPPER_PAIR.exec(text) ?? SPACED_SINGLES.exec(text);
  if (!undotted) return null;
  const [, first = '', second] = undotted;
  return [lettersOf(first, undefined), ...(second === undefined ? [] : [lettersOf(second, undefined)])];
}

const isSurname = (text: string) => [...text].length >= 2 && SURNAME.test(text);

/**
 * A query that names a person the way documents do, or `null`: a surname and one or two initials, with or
 * without dots and spaces, before or after it, glued to it (`ЛебедеваЕИ`, `Е.И.Лебедева`), in Latin letters
 * (`Lebedeva E.I.`, `Yudin D.Yu.`) or typed on the wrong layout (`Kt,tltdf T/B/`). Pure.
 */
export function nameWithInitialsOf(typed: string): NameWithInitials | null {
  const text = blankControlCharacters(typed).replace(/\s+/g, ' ').trim();
  const tokens = text.split(' ');
  if (tokens.length > 3) return null;
  if (tokens.length === 1) {
    const after = GLUED_AFTER.exec(text);
    if (after) {
      const [, surname = '', first = '', second] = after;
      const initials = [lettersOf(first, '.'), ...(second === undefined ? [] : [lettersOf(second, '.')])];
      return isSurname(surname) ? { surname, initials } : null;
    }
    const before = GLUED_BEFORE.exec(text);
    if (!before) return null;
    const [, first = '', dot, second, surname = ''] = before;
    if (!/^\p{Lu}/u.test(first)) return null;
    const initials = [lettersOf(first, dot), ...(second === undefined ? [] : [lettersOf(second, dot)])];
    return isSurname(surname) ? { surname, initials } : null;
  }
  const head = tokens[0] ?? '';
  const last = tokens.at(-1) ?? '';
  const afterSurname = initialsOf(tokens.slice(1).join(' '));
  if (afterSurname && isSurname(head)) return { surname: head, initials: afterSurname };
  const beforeSurname = initialsOf(tokens.slice(0, -1).join(' '));
  if (beforeSurname && isSurname(last)) return { surname: last, initials: beforeSurname };
  return null;
}
