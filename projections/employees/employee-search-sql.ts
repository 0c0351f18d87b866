import type { SearchQuery } from '../../application/employees/search/index.ts';
import { CARD_COLUMNS } from './employee-card-row.ts';
import type { FarTypo } from './employee-search-far-typos.ts';
import { EMPLOYEES_TABLE, WORDS_TABLE, WORKSTATIONS_TABLE } from './employees-tables.ts';

/**
 * How many lexicon words a query word may stand for, and how many employees each of them brings in. The
 * lexicon (every distinct word of the employees: names, positions, departments, e-mail names) is what the
 * trigram index searches: a short query shares common trigrams (`ов `, `нов`) with nearly every row of a
 * 100,000-row table, but with few words of the lexicon (the bare pg_trgm query over the rows is 5-10 times
 * slower at 100,000, bench/support/directory-search-load.ts). An exact word scores 1 and is looked at first,
 * so the best matches are always in; a page deep into thousands of namesakes is not (refine the query).
 */
const WORDS_PER_QUERY_WORD = 8;
const EMPLOYEES_PER_WORD = 100;

/** The shortest query word also looked for as the start of longer words. */
const MIN_PREFIX_LENGTH = 3;

/** Dismissed people stay findable (the helpdesk asks about them) but below active namesakes. */
const DISMISSED_FACTOR = 0.9;

/**
 * A word one typo away from a query word scores at most this: below every prefix match; one two edits away
 * (a long word's) at most 0.9 of it.
 */
const TYPO_SCORE = 0.5;

/**
 * Whether the name `name` holding the surname `surname` (a lexicon word) has the query's initials (`$17`, `$18`:
 * LIKE patterns of the letters each may be): the name's other words, in their order, start with them. A name
 * that lacks a patronymic still matches one given. True when the query has no initials.
 */
const INITIALS_MATCH = (name: string, surname: string) => `($17::text[] is null or (
    select rest[1] like any($17) and (rest[2] is null or $18::text[] is null or rest[2] like any($18))
    from (select array_remove(regexp_split_to_array(${name}, '[^[:alnum:]]+'), ${surname}) as rest) r))`;

/** Escapes LIKE's wildcards in user input. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * Workstations a host name or an address query brings in at most: exact and prefix matches first, in host
 * name (address) order through the btree; the middle of a host name (trigram index) only while those are
 * fewer, because a common start (`ws-0`) would otherwise make it read the whole table.
 */
const HOSTS_PER_QUERY = 100;

/** Employees a query of several words may match at most (before ranking). */
const EMPLOYEES_FOR_WORDS = 500;

/** The array of top words of query word `k`, those of the best score only when `best`. */
const wordsOfQueryWord = (k: number, best: boolean) =>
  best
    ? `(select array_agg(word) from top_word t where word_no = ${k}
        and score = (select max(score) from top_word u where u.word_no = ${k}))`
    : `(select array_agg(word) from top_word where word_no = ${k})`;

/**
 * The employees worth ranking. One word: the employees of each of its best lexicon words in turn, so exact
 * matches are always among them. Several words: every word must match, so one bitmap AND over the array index
 * gives them all at once (per lexicon word it would rebuild a common word's bitmap each time). Those holding
 * the best word of every query word come first: they share the top score, so when there are a page of active
 * ones, the page is theirs, and the thousand that merely match (`Петров` finds every `Петрович` too) are not
 * read at all.
 */
function candidates(wordCount: number): string {
  const columns = 'e.id, e.search_words, e.status, e.name_text';
  const notEnoughBest = `(select count(*) from best_candidate where status = 'active') < $13::int + $14::int`;
  if (wordCount < 2) {
    const employeesOf = (words: string) => `select distinct on (c.id) c.* from top_word t cross join lateral (
    select ${columns} from ${EMPLOYEES_TABLE} e
    where e.search_words @> array[t.word] and not e.forgotten and ${INITIALS_MATCH('e.name_text', 't.word')}
    limit ${EMPLOYEES_PER_WORD}
  ) c where ${words}`;
    return `best_candidate as materialized (
  ${employeesOf('t.score = (select max(score) from top_word)')}
), candidate as (
  select * from best_candidate
  union all
  ${employeesOf(`t.score < (select max(score) from top_word) and ${notEnoughBest}`)}
)`;
  }
  const every = (best: boolean) =>
    Array.from({ length: wordCount }, (_, k) => `and e.search_words && ${wordsOfQueryWord(k, best)}`).join(
      ' ',
    );
  return `best_candidate as materialized (
  select ${columns} from ${EMPLOYEES_TABLE} e where not e.forgotten ${every(true)} limit ${EMPLOYEES_FOR_WORDS}
), candidate as (
  select * from best_candidate
  union all
  (select ${columns} from ${EMPLOYEES_TABLE} e
   where ${notEnoughBest} and not e.forgotten ${every(false)} and e.id not in (select id from best_candidate)
   limit ${EMPLOYEES_FOR_WORDS})
)`;
}

/**
 * One statement for a whole search: each way of matching is a branch producing (employee, score, how), every
 * branch backed by an index (trigram GIN over the lexicon, array GIN over the employees' words, trigram GIN
 * for phone suffixes, btree for extensions, host names and addresses); the best score per employee wins, and
 * only the page's rows are then joined to their cards. The text is fixed per number of query words.
 */
function buildSearchSql(wordCount: number): string {
  return `
with variant as (
  select * from unnest($1::int[], $2::text[], $3::text[], $4::real[]) as v(word_no, text, prefix, weight)
), direct as materialized (
  select v.word_no, l.word, v.weight * greatest(similarity(l.word, v.text),
      case when l.word like v.prefix || '%' then 0.5 + 0.5 * length(v.text)::real / length(l.word) else 0 end
    ) as score,
    l.word = v.text or l.word like v.prefix || '%' as starts
  from (select * from variant where length(text) >= 2) v
  join ${WORDS_TABLE} l on l.word % v.text or l.word like v.prefix || '%'
), typo as (
  -- A typo: the neighbours of a short word, and the lexicon's words two edits from a long one, looked up
  -- exactly, below any prefix match (> 0.5), by distance ($20: 1 or 2), then by similarity. Only for a word the
  -- lexicon holds no word that is or starts with (unless $19: a typo may make another word of the lexicon,
  -- \`Южин\` for \`Юдин\`, and then a search finds nobody).
  select n.word_no, l.word,
    ${TYPO_SCORE} * (1.1 - 0.1 * n.distance) * (0.9 + 0.1 * similarity(l.word, n.text)) as score
  from unnest($15::int[], $16::text[], $20::real[]) n(word_no, text, distance)
  join ${WORDS_TABLE} l on l.word = n.text
  where $19::boolean or n.word_no not in (select word_no from direct where starts)
), lexicon as (
  select word_no, word, max(score) as score from (
    select word_no, word, score from direct union all select word_no, word, score from typo
  ) matched group by word_no, word
  union all
  -- The lexicon holds words of two characters or more: one character (the 2 of 'склад № 2') is a word as it is.
  select word_no, text, max(weight) from variant where length(text) = 1 group by word_no, text
), top_word as materialized (
  select word_no, word, score from (
    select lexicon.*, row_number() over (partition by word_no order by score desc, word) as rank from lexicon
  ) ranked where rank <= ${WORDS_PER_QUERY_WORD}
), ${candidates(wordCount)}, host_start as materialized (
  select w.employee_id, case when w.hostname = $8 then 2.0 else 1.2 end as score
  from ${WORKSTATIONS_TABLE} w
  where $8::text is not null and w.hostname like $9 || '%' and w.status = 'active'
  order by w.hostname using ~<~ limit ${HOSTS_PER_QUERY}
), host as (
  select * from host_start
  union all
  (select w.employee_id, 0.9 from ${WORKSTATIONS_TABLE} w
   where $8::text is not null and (select count(*) from host_start) < ${HOSTS_PER_QUERY}
     and w.hostname like '%_' || $9 || '%' and w.status = 'active'
   limit ${HOSTS_PER_QUERY})
), address as (
  select w.employee_id, case when w.ip = $10 then 2.0 else 1.2 end as score
  from ${WORKSTATIONS_TABLE} w
  where (w.ip = $10::text or ($11::boolean and w.ip like $12 || '%')) and w.status = 'active'
  order by w.ip = $10 desc, w.ip using ~<~ limit ${HOSTS_PER_QUERY}
), phone_end as materialized (
  select e.id, e.status, e.name_text from ${EMPLOYEES_TABLE} e
  where $6::text is not null and e.phone_text like '%' || $6 || ' %' and not e.forgotten
), phone as (
  -- The end of a number first (people say its last digits), then, while those do not fill the page, numbers
  -- that merely hold the digits: four of them are inside hundreds of numbers of a large directory.
  select id, status, name_text, 1.5 as score from phone_end
  union all
  select e.id, e.status, e.name_text, 1.3 from ${EMPLOYEES_TABLE} e
  where $6::text is not null and (select count(*) from phone_end) < $13::int + $14::int
    and e.phone_text like '%' || $6 || '%' and e.phone_text not like '%' || $6 || ' %' and not e.forgotten
), word_match as (
  select c.id, c.status, c.name_text, t.word_no, max(t.score) as score
  from candidate c cross join lateral unnest(c.search_words) w(word) join top_word t on t.word = w.word
  group by c.id, c.status, c.name_text, t.word_no
), hit as (
  select id, status, name_text, sum(score) / $5 as score, 'name' as matched_by
  from word_match group by id, status, name_text
  having count(*) = $5 and ($17::text[] is null
    or exists (select 1 from top_word t where t.word_no = 0 and ${INITIALS_MATCH('name_text', 't.word')}))
  union all
  select id, status, name_text, score, 'phone' from phone
  union all
  select e.id, e.status, e.name_text, 2.0, 'extension' from ${EMPLOYEES_TABLE} e
  where e.extension = $7::text and not e.forgotten
  union all
  select e.id, e.status, e.name_text, h.score, 'hostname'
  from host h join ${EMPLOYEES_TABLE} e on e.id = h.employee_id and not e.forgotten
  union all
  select e.id, e.status, e.name_text, a.score, 'ip'
  from address a join ${EMPLOYEES_TABLE} e on e.id = a.employee_id and not e.forgotten
), page as (
  select id, name_text,
    max(score) * case when status = 'active' then 1 else ${DISMISSED_FACTOR} end as score,
    (array_agg(matched_by order by score desc))[1] as matched_by
  from hit group by id, status, name_text
  order by 3 desc, name_text, id
  limit $13 offset $14
)
select ${CARD_COLUMNS}, p.score::float8 as score, p.matched_by
from page p join ${EMPLOYEES_TABLE} e on e.id = p.id
order by p.score desc, p.name_text, p.id`;
}

/** The statement for a query of 0 to 4 words (`parseSearchQuery` keeps at most 4). */
export const searchSql = (wordCount: number): string =>
  SEARCH_SQL_BY_WORDS[wordCount] ?? buildSearchSql(wordCount);
const SEARCH_SQL_BY_WORDS = Array.from({ length: 5 }, (_, n) => buildSearchSql(n));

/**
 * The parameters of `searchSql(query.words.length)` for a parsed query. `everyTypo`: the neighbours of every
 * short word are looked up, not only of those the lexicon has nothing like. `farTypos`: the lexicon's words up
 * to two edits from the query's long words (`farTyposOf`).
 */
export function searchParameters(
  query: SearchQuery,
  limit: number,
  offset: number,
  everyTypo = false,
  farTypos: readonly FarTypo[] = [],
): unknown[] {
  const variants = query.words.flatMap((word, n) => word.variants.map((variant) => ({ n, variant })));
  const nearby = [
    ...query.words.flatMap((word, n) => word.nearby.map((text) => ({ n, text, distance: 1 }))),
    ...farTypos
      .filter((typo) => typo.wordNo < query.words.length)
      .map((typo) => ({ n: typo.wordNo, text: typo.word, distance: typo.distance })),
  ];
  const patterns = (letters: readonly string[] | undefined) =>
    letters === undefined ? null : letters.map((letter) => `${likeLiteral(letter)}%`);
  const hostname = query.hostname;
  const ip = query.ip;
  return [
    variants.map((v) => v.n),
    variants.map((v) => v.variant.text),
    // A start of one or two characters would bring in thousands of lexicon words: those match whole.
    variants.map((v) => (v.variant.text.length >= MIN_PREFIX_LENGTH ? likeLiteral(v.variant.text) : null)),
    variants.map((v) => v.variant.weight),
    query.words.length,
    query.phoneDigits === null ? null : likeLiteral(query.phoneDigits),
    query.extension,
    hostname,
    hostname === null ? null : likeLiteral(hostname),
    ip?.value ?? null,
    ip !== null && !ip.exact,
    ip === null ? null : likeLiteral(ip.value),
    limit,
    offset,
    nearby.map((w) => w.n),
    nearby.map((w) => w.text),
    patterns(query.initials?.initials[0]),
    patterns(query.initials?.initials[1]),
    everyTypo,
    nearby.map((w) => w.distance),
  ];
}

/**
 * The query as a surname with initials (`Лебедева Е.И.`), for `searchSql(1)`, or `null` when it is none: the
 * surname is its one word, and only people whose name has the initials match.
 */
export function initialsQueryOf(query: SearchQuery): SearchQuery | null {
  if (query.initials === null) return null;
  return { ...query, words: [query.initials.surname], kinds: ['text'], hostname: null, extension: null };
}
