import {
  MAX_TYPO_WORD_LENGTH,
  MIN_LONG_TYPO_WORD_LENGTH,
  MIN_TYPO_WORD_LENGTH,
  oneEditAway,
} from './edit-distance.ts';
import { foldText, hasCyrillic, hasLatin } from './fold-text.ts';
import { cyrillicLayoutToLatin, latinLayoutToCyrillic } from './keyboard-layout.ts';
import { nameWithInitialsOf } from './name-initials.ts';
import { type IpQuery, hostnameQueryOf, ipQueryOf } from './network-address.ts';
import { nationalDigits, phoneDigitsOf } from './phone-digits.ts';
import { cyrillicToLatin, latinToCyrillic } from './transliteration.ts';

/** Longest query the search accepts; longer ones are cut (trigram work grows with the length). */
export const MAX_QUERY_LENGTH = 200;

/** How a text variant was derived from what was typed. */
export type VariantKind = 'typed' | 'transliterated' | 'layout';

/** One spelling to look for, weighted: what was typed ranks above what we guessed it meant. */
export interface TextVariant {
  readonly text: string;
  readonly kind: VariantKind;
  readonly weight: number;
}

/** One word of the query with the spellings it may stand for. */
export interface SearchWord {
  readonly text: string;
  readonly variants: readonly TextVariant[];
  /**
   * Spellings one typo away from the word's likeliest ones (`южин` → `юдин`, ...), for a word of 4 to 6
   * letters: matched exactly against the lexicon, ranked below its exact and prefix matches.
   */
  readonly nearby: readonly string[];
  /**
   * For a word of 7 letters or more, the spellings (typed and, for a Latin word, its likeliest Cyrillic
   * reading) the search looks for lexicon words up to two edits from (`тахомирава` → `тихомирова`) when the
   * lexicon holds nothing that is or starts with the word. Their candidates come from the lexicon, so the
   * search finds them, not the parsing.
   */
  readonly farSpellings: readonly string[];
}

/** A surname with initials (`Лебедева Е.И.`): the surname as a word, each initial as the letters it may be. */
export interface InitialsQuery {
  readonly surname: SearchWord;
  readonly initials: readonly (readonly string[])[];
}

/** What the search can match a query against. */
export type QueryKind = 'text' | 'phone' | 'extension' | 'ip' | 'hostname';

/** A query taken apart for the search: the folded text, its variants and what else it could be. */
export interface SearchQuery {
  /** The folded query (`foldText`), bounded to `MAX_QUERY_LENGTH`. */
  readonly text: string;
  readonly kinds: readonly QueryKind[];
  /**
   * The words for the trigram search, each with its spellings; a result must match every word. Empty when the
   * query is a phone number or an address.
   */
  readonly words: readonly SearchWord[];
  /**
   * The query read as a surname with initials, or `null`. The search tries it first and falls back to
   * `words` (which read the initials as words) when it finds no one.
   */
  readonly initials: InitialsQuery | null;
  /**
   * The query read as an e-mail login (`t.tikhomirova`, `ivan_petrov`), its parts as words, or `null`. The
   * read model cuts e-mails into such words, so the part before the dot tells namesakes apart; the whole login
   * is also a word of `words`, which may be a host name or letters of the other layout (`k.lvbkf`).
   */
  readonly loginWords: readonly SearchWord[] | null;
  /** National digits, matched as the end of a phone (4 digits or more). */
  readonly phoneDigits: string | null;
  /** Digits matched exactly against internal extensions. */
  readonly extension: string | null;
  readonly ip: IpQuery | null;
  readonly hostname: string | null;
}

const WEIGHT: Readonly<Record<VariantKind, number>> = { typed: 1, transliterated: 0.95, layout: 0.9 };
const MAX_VARIANTS = 6;
/** More words rarely narrow an employees search further, and each costs a lexicon lookup. */
const MAX_WORDS = 4;
const MIN_PHONE_DIGITS = 4;

function textVariants(text: string): TextVariant[] {
  const variants: TextVariant[] = [{ text, kind: 'typed', weight: WEIGHT.typed }];
  const add = (candidate: string, kind: VariantKind) => {
    const folded = foldText(candidate);
    if (folded.length > 0 && !variants.some((v) => v.text === folded)) {
      variants.push({ text: folded, kind, weight: WEIGHT[kind] });
    }
  };
  if (hasLatin(text)) {
    for (const reading of latinToCyrillic(text, 3)) add(reading, 'transliterated');
    add(latinLayoutToCyrillic(text), 'layout');
  }
  if (hasCyrillic(text)) {
    add(cyrillicLayoutToLatin(text), 'layout');
    add(cyrillicToLatin(text), 'transliterated');
  }
  return variants.slice(0, MAX_VARIANTS);
}

/**
 * The spellings a typo step starts from: the typed one and, for a Latin word, its likeliest Cyrillic reading
 * (`yuzhin` → `южин` → `юдин`); not every reading: each costs index probes.
 */
function typoSpellings(variants: readonly TextVariant[], shortest: number, longest: number): string[] {
  const [typed] = variants;
  const reading = variants.find((v) => v.kind === 'transliterated' && /^[а-я]+$/.test(v.text));
  const spellings = [typed?.text, hasLatin(typed?.text ?? '') ? reading?.text : undefined].filter(
    (text): text is string =>
      text !== undefined &&
      /^\p{L}+$/u.test(text) &&
      [...text].length >= shortest &&
      [...text].length <= longest,
  );
  return [...new Set(spellings)];
}

const searchWord = (text: string): SearchWord => {
  const variants = textVariants(text);
  const short = typoSpellings(variants, MIN_TYPO_WORD_LENGTH, MAX_TYPO_WORD_LENGTH);
  return {
    text,
    variants,
    nearby: [...new Set(short.flatMap(oneEditAway))],
    farSpellings: typoSpellings(variants, MIN_LONG_TYPO_WORD_LENGTH, MAX_QUERY_LENGTH),
  };
};

const LOGIN = /^[a-z0-9]+(?:[._-][a-z0-9]+)+$/;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Words are cut at spaces only: punctuation may be letters typed on the wrong layout (`<fhfyjd` is
 * `баранов`), and trigram matching ignores it anyway. A word with no letter or digit in either layout (`№`,
 * a dash) is no word of the read model's, which are cut at anything else: it would match nothing.
 */
const splitWords = (text: string): string[] =>
  text
    .split(' ')
    .filter((word) => LETTER_OR_DIGIT.test(word) || LETTER_OR_DIGIT.test(latinLayoutToCyrillic(word)));

/**
 * Takes a typed query apart: `bdfyjd` is also `иванов` on the other layout, `ivanov` also `иванов`,
 * `+7 916 123-45-67` a phone, `10.0.12.7` an address, `ws-buh-01` a host name. Pure: no I/O.
 */
export function parseSearchQuery(typed: string): SearchQuery {
  const text = foldText(typed.slice(0, MAX_QUERY_LENGTH));
  const digits = phoneDigitsOf(text);
  const ip = ipQueryOf(text);
  const phoneDigits =
    digits !== null && digits.length >= MIN_PHONE_DIGITS && !ip ? nationalDigits(digits) : null;
  const extension = digits !== null && !ip && /^\d{2,6}$/.test(digits) ? digits : null;
  const hostname = ip || digits !== null ? null : hostnameQueryOf(text);
  // Digits and addresses are matched exactly; a trigram search over them would find every similar number.
  const words =
    phoneDigits !== null || ip !== null ? [] : splitWords(text).slice(0, MAX_WORDS).map(searchWord);
  const named =
    phoneDigits !== null || ip !== null ? null : nameWithInitialsOf(typed.slice(0, MAX_QUERY_LENGTH));
  const surname = named === null ? '' : foldText(named.surname);
  const initials =
    named === null || surname.length === 0
      ? null
      : { surname: searchWord(surname), initials: named.initials };
  const loginWords =
    words.length === 1 && LOGIN.test(text) && /[a-z]/.test(text)
      ? text.split(/[._-]/).slice(0, MAX_WORDS).map(searchWord)
      : null;
  const kinds: QueryKind[] = [];
  if (words.length > 0 || initials !== null) kinds.push('text');
  if (phoneDigits !== null) kinds.push('phone');
  if (extension !== null) kinds.push('extension');
  if (ip !== null) kinds.push('ip');
  if (hostname !== null) kinds.push('hostname');
  return { text, kinds, words, initials, loginWords, phoneDigits, extension, ip, hostname };
}
