import { DomainError } from '../shared/index.ts';

// The scripts a user name's letters are told apart by (Script_Extensions, so that a letter shared by several
// scripts counts for each). Digits and `. _ @ -` are Common and belong to every script.
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Mongolian',
  'Ethiopic',
  'Cherokee',
  'Han',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Hangul',
] as const;
type Script = (typeof SCRIPTS)[number] | 'Other';

const SCRIPT_OF = SCRIPTS.map((script) => [script, new RegExp(`^\\p{scx=${script}}$`, 'u')] as const);
const COMMON_OR_INHERITED = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;

/**
 * The sets of scripts a name may mix: one script, or the CJK writing systems with Latin, as Unicode TR39's
 * "Highly Restrictive" level allows (section 5.2). Anything else mixing scripts (`аdmin`, Cyrillic `а`) is
 * the stuff of look-alikes.
 */
const ALLOWED_MIXES: readonly (readonly Script[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

function scriptsOf(char: string): readonly Script[] {
  const scripts = SCRIPT_OF.filter(([, pattern]) => pattern.test(char)).map(([script]) => script);
  return scripts.length > 0 ? scripts : ['Other'];
}

/** The scripts of the name's letters, each letter as the set of scripts it belongs to. */
function letterScripts(username: string): (readonly Script[])[] {
  return [...username].filter((char) => !COMMON_OR_INHERITED.test(char)).map(scriptsOf);
}

/** Whether every letter of the name belongs to one script, or to one of the allowed CJK mixes. */
export function isSingleScript(username: string): boolean {
  const letters = letterScripts(username);
  const fits = (bundle: readonly Script[]) =>
    letters.every((scripts) => scripts.some((script) => bundle.includes(script)));
  const candidates = [...SCRIPTS.map((script) => [script]), ...ALLOWED_MIXES];
  return candidates.some(fits);
}

/**
 * Refuses a user name that mixes scripts (TR39 "Highly Restrictive"): `аdmin` with a Cyrillic `а` is not
 * `admin`, and a reader cannot tell them apart.
 * @throws {DomainError} `USER.USERNAME_MIXED_SCRIPTS`
 */
export function checkUsernameScripts(username: string): void {
  if (isSingleScript(username)) return;
  throw new DomainError(
    'USER.USERNAME_MIXED_SCRIPTS',
    `User name ${JSON.stringify(username)} mixes letters of several scripts (such as Latin and Cyrillic): use one`,
    { username },
  );
}
