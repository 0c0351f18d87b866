/**
 * The queries a helpdesk agent types to find a person, for bench/search-quality.ts: for each kind, a query
 * derived from one person's fields, and which people it is looking for. A query cannot tell apart people who
 * share what it was made of (two `Лебедева Е.И.`, a department's members): any of them is a right answer.
 */
import { cyrillicToLatin, foldText } from '../../application/employees/search/index.ts';
import type { DirectoryPerson } from './directory-people.ts';
import { editDistance, typedInLatinLayout, withTypo } from './mistyping.ts';
import { SURNAME_LIST, seededRandom } from './russian-names.ts';

export interface HelpdeskQuery {
  readonly kind: string;
  readonly text: string;
  /** The person the query was made from. */
  readonly targetId: string;
  /** Every person the query is a right answer for: the target and the namesakes it cannot tell apart. */
  readonly accepted: ReadonlySet<string>;
}

interface QueryKind {
  readonly name: string;
  readonly eligible: (person: DirectoryPerson) => boolean;
  /** The query for `person`, or `null` when none can be made. */
  readonly typed: (person: DirectoryPerson, random: () => number) => string | null;
  /** Whether `other` is a right answer to `text`, made from `target`. */
  readonly accepts: (other: DirectoryPerson, target: DirectoryPerson, text: string) => boolean;
}

const capitalized = (text: string) => (text[0] ?? '').toUpperCase() + text.slice(1);
const latin = (text: string) => capitalized(cyrillicToLatin(foldText(text)));
const initial = (name: string) => name.slice(0, 1).toUpperCase();

const surnameAndName = (p: DirectoryPerson) => foldText(`${p.surname} ${p.firstName}`);
const sameSurnameAndName = (other: DirectoryPerson, target: DirectoryPerson) =>
  surnameAndName(other) === surnameAndName(target);
const initialsKey = (p: DirectoryPerson) =>
  foldText(`${p.surname} ${initial(p.firstName)}${initial(p.patronymic)}`);
const sameInitials = (other: DirectoryPerson, target: DirectoryPerson) =>
  initialsKey(other) === initialsKey(target);
/** In Latin letters `E` may be Е or Э, `Y` Ю, Я or Й: the query names whoever reads the same. */
const latinInitialsKey = (p: DirectoryPerson) =>
  `${latin(p.surname)} ${latin(p.firstName).slice(0, 1)}${latin(p.patronymic).slice(0, 1)}`;

/** The last seven digits the way people say them: `359-59-41`. */
const phoneTail = (digits: string) => `${digits.slice(-7, -4)}-${digits.slice(-4, -2)}-${digits.slice(-2)}`;
const tailDigits = (text: string) => text.replace(/\D/g, '');

const loginOf = (email: string | null) => (email === null ? null : foldText(email.split('@')[0] ?? ''));

/**
 * Surname and name with one slip in the surname. `surnames` (folded) are those a typo must not give: the query
 * would then rightly mean someone else.
 */
function typoKind(name: string, eligible: (p: DirectoryPerson) => boolean, surnames: ReadonlySet<string>) {
  // The typed surname of each query, remembered for `accepts`.
  const typedSurname = (text: string) => text.split(' ')[0]?.toLowerCase() ?? '';
  return {
    name,
    eligible,
    typed: (p: DirectoryPerson, random: () => number) => {
      const typo = withTypo(foldText(p.surname), random, surnames);
      return typo === null ? null : `${capitalized(typo)} ${p.firstName}`;
    },
    // Anyone of that first name whose surname the typo is one slip away from could be meant.
    accepts: (other: DirectoryPerson, target: DirectoryPerson, text: string) =>
      foldText(other.firstName) === foldText(target.firstName) &&
      editDistance(foldText(other.surname), typedSurname(text)) <= 1,
  } satisfies QueryKind;
}

function queryKinds(people: readonly DirectoryPerson[]): readonly QueryKind[] {
  // Every form of every surname the bench knows, not only those in this directory: `Попова` typed without its
  // last letter is `Попов`, a name in its own right.
  const surnames = new Set([
    ...people.map((p) => foldText(p.surname)),
    ...SURNAME_LIST.flatMap((surname) => [foldText(surname), foldText(`${surname}а`)]),
  ]);
  const active = (p: DirectoryPerson) => p.active;
  return [
    {
      name: 'full name',
      eligible: active,
      typed: (p) => p.fullName,
      accepts: (other, target) => foldText(other.fullName) === foldText(target.fullName),
    },
    {
      name: 'surname name',
      eligible: active,
      typed: (p) => `${p.surname} ${p.firstName}`,
      accepts: sameSurnameAndName,
    },
    typoKind('surname typo + name', active, surnames),
    typoKind('short surname typo + name', (p) => active(p) && foldText(p.surname).length <= 5, surnames),
    {
      name: 'initials S I.O.',
      eligible: active,
      typed: (p) => `${p.surname} ${initial(p.firstName)}.${initial(p.patronymic)}.`,
      accepts: sameInitials,
    },
    {
      name: 'initials S I. O.',
      eligible: active,
      typed: (p) => `${p.surname} ${initial(p.firstName)}. ${initial(p.patronymic)}.`,
      accepts: sameInitials,
    },
    {
      name: 'initials I.O. S',
      eligible: active,
      typed: (p) => `${initial(p.firstName)}.${initial(p.patronymic)}. ${p.surname}`,
      accepts: sameInitials,
    },
    {
      name: 'initials SIO',
      eligible: active,
      typed: (p) => `${p.surname}${initial(p.firstName)}${initial(p.patronymic)}`,
      accepts: sameInitials,
    },
    {
      name: 'initials translit',
      eligible: active,
      typed: (p) =>
        `${latin(p.surname)} ${latin(p.firstName).slice(0, 1)}.${latin(p.patronymic).slice(0, 1)}.`,
      accepts: (other, target) => latinInitialsKey(other) === latinInitialsKey(target),
    },
    {
      name: 'initials wrong layout',
      eligible: active,
      typed: (p) => typedInLatinLayout(`${p.surname} ${initial(p.firstName)}.${initial(p.patronymic)}.`),
      accepts: sameInitials,
    },
    {
      name: 'translit',
      eligible: active,
      typed: (p) => `${latin(p.surname)} ${latin(p.firstName)}`,
      accepts: (other, target) =>
        `${latin(other.surname)} ${latin(other.firstName)}` ===
        `${latin(target.surname)} ${latin(target.firstName)}`,
    },
    {
      name: 'wrong layout',
      eligible: active,
      typed: (p) => typedInLatinLayout(`${p.surname} ${p.firstName}`),
      accepts: sameSurnameAndName,
    },
    {
      name: 'lower case, е for ё',
      eligible: (p) => active(p) && /ё/i.test(`${p.surname} ${p.firstName}`),
      typed: (p) => surnameAndName(p),
      accepts: sameSurnameAndName,
    },
    {
      name: 'phone tail',
      eligible: (p) => active(p) && p.phones.some((digits) => digits.length >= 10),
      typed: (p, random) => {
        const phones = p.phones.filter((digits) => digits.length >= 10);
        const digits = phones[Math.floor(random() * phones.length)];
        return digits === undefined ? null : phoneTail(digits);
      },
      accepts: (other, _target, text) => other.phones.some((digits) => digits.endsWith(tailDigits(text))),
    },
    {
      name: 'extension',
      eligible: (p) => active(p) && p.extension !== null,
      typed: (p) => p.extension,
      accepts: (other, target) => other.extension === target.extension,
    },
    {
      name: 'e-mail login',
      eligible: (p) => active(p) && p.email !== null,
      typed: (p) => loginOf(p.email),
      accepts: (other, target) => loginOf(other.email) === loginOf(target.email),
    },
    {
      name: 'hostname',
      eligible: (p) => active(p) && p.hostnames.length > 0,
      typed: (p, random) => p.hostnames[Math.floor(random() * p.hostnames.length)] ?? null,
      accepts: (other, _target, text) => other.hostnames.some((h) => foldText(h) === foldText(text)),
    },
    {
      name: 'department',
      eligible: (p) => active(p) && p.department !== null,
      typed: (p) => p.department,
      accepts: (other, target) => other.department === target.department,
    },
  ];
}

/** The names of the kinds, in the order they are reported. */
export const queryKindNames = (people: readonly DirectoryPerson[]): string[] =>
  queryKinds(people).map((kind) => kind.name);

/** Fisher–Yates with the bench's PRNG: the same seed picks the same people. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Up to `perKind` queries of every kind, each for a different person, deterministic for a `seed`. */
export function helpdeskQueries(
  people: readonly DirectoryPerson[],
  perKind: number,
  seed = 14,
): HelpdeskQuery[] {
  const random = seededRandom(seed);
  // Ids are random per run: a stable order keeps the choice of people the same for a seed.
  const ordered = [...people].sort((a, b) =>
    a.fullName === b.fullName
      ? (a.email ?? a.phones.join()).localeCompare(b.email ?? b.phones.join())
      : a.fullName.localeCompare(b.fullName),
  );
  const queries: HelpdeskQuery[] = [];
  for (const kind of queryKinds(people)) {
    let made = 0;
    for (const target of shuffled(ordered.filter(kind.eligible), random)) {
      if (made >= perKind) break;
      const text = kind.typed(target, random);
      if (text === null || text.trim() === '') continue;
      const accepted = new Set(people.filter((p) => kind.accepts(p, target, text)).map((p) => p.id));
      accepted.add(target.id);
      queries.push({ kind: kind.name, text, targetId: target.id, accepted });
      made++;
    }
  }
  return queries;
}
