import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import {
  type EmployeeSearch,
  type EmployeeSearchHit,
  MAX_SEARCH_LIMIT,
  type MatchedBy,
  type PageOptions,
  foldText,
  type SearchQuery,
  parseSearchQuery,
} from '../../application/employees/search/index.ts';
import { CARD_COLUMNS, type EmployeeCardRow, card } from './employee-card-row.ts';
import { DEPARTMENT_PAGE_SQL, NAMED_DEPARTMENTS_SQL } from './department-search-sql.ts';
import {
  FAR_TYPO_CANDIDATES_SQL,
  type FarTypo,
  type FarTypoRow,
  farTypoParameters,
  farTyposOf,
} from './employee-search-far-typos.ts';
import { initialsQueryOf, searchParameters, searchSql } from './employee-search-sql.ts';
import {
  type DepartmentsTable,
  EMPLOYEES_TABLE,
  type EmployeesDatabase,
  WORKSTATIONS_TABLE,
} from './employees-tables.ts';

type SearchRow = EmployeeCardRow & { score: number; matched_by: MatchedBy };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Statement = (limit: number, offset: number) => Promise<SearchRow[]>;

/**
 * A stage's page, or null when the stage finds nobody and the next one is asked. Decided by whether the stage
 * has any match at all, not by the page asked for: an empty later page is the end of this stage's list, and
 * asking the next stage there would page on through another ranking (people 11-15 of the words search after
 * ten initials matches).
 */
async function stagePage(statement: Statement, limit: number, offset: number) {
  const rows = await statement(limit, offset);
  if (rows.length > 0) return rows;
  if (offset === 0) return null;
  return (await statement(1, 0)).length > 0 ? rows : null;
}

const page = (options: PageOptions = {}) => ({
  limit: Math.min(Math.max(Math.trunc(options.limit ?? 10), 1), MAX_SEARCH_LIMIT),
  offset: Math.max(Math.trunc(options.offset ?? 0), 0),
});

/**
 * Runs one of the search's tuned statements as it is written. Not `sql`: its numbered parameters are used more
 * than once (`$13` in three places), and `sql` would make each use a parameter of its own, typed apart.
 */
async function tuned<Row>(db: Kysely<EmployeesDatabase>, text: string, parameters: readonly unknown[]) {
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]))).rows;
}

/** The employees search over the `employees` read model (pg_trgm). */
export function employeeSearch(db: Kysely<EmployeesDatabase>): EmployeeSearch {
  // A query that names a department lists its people: they are what was asked for, and the word search would
  // rank thousands of equal matches (every member has the department's words) to show ten of them.
  async function departmentNamed(query: SearchQuery, limit: number, offset: number) {
    if (query.words.length === 0) return null;
    const named = await tuned<Pick<Selectable<DepartmentsTable>, 'id'>>(db, NAMED_DEPARTMENTS_SQL, [
      query.text,
    ]);
    if (named.length === 0) return null;
    const ids = named.map((row) => row.id);
    return tuned<SearchRow>(db, DEPARTMENT_PAGE_SQL, [ids, limit, offset]);
  }

  // What looks like a host name (`ws-buh-01`, `pc12.corp`) is looked up as one first: an exact match is what
  // the agent typed it for, and it costs an index probe where the word search costs milliseconds more.
  async function hostFirst(query: SearchQuery, limit: number, offset: number) {
    if (query.hostname === null || query.words.length === 0 || !/[\d.-]/.test(query.hostname)) return null;
    const hostOnly: SearchQuery = { ...query, words: [], kinds: query.kinds.filter((k) => k !== 'text') };
    return stagePage(
      (size, from) => tuned<SearchRow>(db, searchSql(0), searchParameters(hostOnly, size, from)),
      limit,
      offset,
    );
  }

  // Two letters wrong far apart in a long word (`Тахомирава`) leave too few trigrams: the lexicon's words of
  // its first letter and length are checked for the distance here, only for a query with a word of 7 letters
  // or more (and nothing but an index probe when the lexicon holds the word).
  async function farTypos(query: SearchQuery): Promise<FarTypo[]> {
    const parameters = farTypoParameters(query);
    if (parameters === null) return [];
    return farTyposOf(await tuned<FarTypoRow>(db, FAR_TYPO_CANDIDATES_SQL, parameters));
  }

  // The two-edit prefilter runs beside the statement without its words, on a second connection: nearly always
  // it finds nothing the trigrams missed (the word is in the lexicon, or one typo away), and costs no time then.
  // When it does, the statement runs again with them.
  async function withFarTypos(
    query: SearchQuery,
    run: (far: readonly FarTypo[]) => Promise<SearchRow[]>,
  ): Promise<{ rows: SearchRow[]; far: readonly FarTypo[] }> {
    const [far, rows] = await Promise.all([farTypos(query), run([])]);
    if (!far.some((typo) => typo.beyondTrigrams)) return { rows, far: [] };
    return { rows: await run(far), far };
  }

  // `Лебедева Е.И.` is looked for as a surname with those initials first; when no one has them, its words are
  // searched as any others (`Иванов ИТ` may mean the IT people named Иванов).
  async function initialsFirst(query: SearchQuery, limit: number, offset: number) {
    const named = initialsQueryOf(query);
    if (named === null) return null;
    return stagePage(
      async (size, from) =>
        (
          await withFarTypos(named, (far) =>
            tuned<SearchRow>(db, searchSql(1), searchParameters(named, size, from, false, far)),
          )
        ).rows,
      limit,
      offset,
    );
  }

  // `t.tikhomirova` is looked for as the words of an e-mail first: its `t` is what tells the Тихомировы apart.
  async function loginFirst(query: SearchQuery, limit: number, offset: number) {
    if (query.loginWords === null) return null;
    const login: SearchQuery = { ...query, words: query.loginWords, hostname: null, extension: null };
    return stagePage(
      (size, from) =>
        tuned<SearchRow>(db, searchSql(login.words.length), searchParameters(login, size, from)),
      limit,
      offset,
    );
  }

  // A typo that makes another word of the lexicon (`Южин Дмитрий`, when there is a Южин) finds nobody with
  // every word: then the neighbours of every short word are looked up, the statement's second try, on every
  // page of that query.
  async function wordsSearch(query: SearchQuery, limit: number, offset: number) {
    const text = searchSql(query.words.length);
    let far: readonly FarTypo[] = [];
    const exact = async (size: number, from: number) => {
      const found = await withFarTypos(query, (typos) =>
        tuned<SearchRow>(db, text, searchParameters(query, size, from, false, typos)),
      );
      far = found.far;
      return found.rows;
    };
    if (!query.words.some((word) => word.nearby.length > 0)) return exact(limit, offset);
    return (
      (await stagePage(exact, limit, offset)) ??
      tuned<SearchRow>(db, text, searchParameters(query, limit, offset, true, far))
    );
  }

  const cards = sql.raw(CARD_COLUMNS);
  const employees = sql.raw(`${EMPLOYEES_TABLE} e`);

  return {
    async search(typed, options) {
      const parsed = parseSearchQuery(typed);
      if (parsed.kinds.length === 0) return [];
      const { limit, offset } = page(options);
      const query: SearchQuery = { ...parsed, initials: null };
      const rows =
        (await departmentNamed(query, limit, offset)) ??
        (await initialsFirst(parsed, limit, offset)) ??
        (await hostFirst(query, limit, offset)) ??
        (await loginFirst(query, limit, offset)) ??
        (await wordsSearch(query, limit, offset));
      return rows.map((row): EmployeeSearchHit => ({
        employee: card(row),
        score: row.score,
        matchedBy: row.matched_by,
      }));
    },

    async whois(hostOrIp) {
      const key = foldText(hostOrIp.slice(0, 253)).replace(/\.$/, '');
      const { rows } = await sql<EmployeeCardRow>`select ${cards} from ${employees}
         where not e.forgotten and e.id in (
           select employee_id from ${sql.raw(WORKSTATIONS_TABLE)}
           where (hostname = ${key} or ip = ${key}) and status = 'active')
         order by e.name_text, e.id`.execute(db);
      return rows.map(card);
    },

    async listByDepartment(departmentId, options) {
      if (!UUID.test(departmentId)) return [];
      const { limit, offset } = page(options);
      const { rows } = await sql<EmployeeCardRow>`select ${cards} from ${employees}
         where e.department_id = ${departmentId} and e.status = 'active' and not e.forgotten
         order by e.name_text, e.id limit ${limit} offset ${offset}`.execute(db);
      return rows.map(card);
    },

    async getById(employeeId) {
      if (!UUID.test(employeeId)) return null;
      const { rows } = await sql<EmployeeCardRow>`select ${cards} from ${employees}
         where e.id = ${employeeId}`.execute(db);
      return rows[0] ? card(rows[0]) : null;
    },
  };
}
