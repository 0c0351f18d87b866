import type pg from 'pg';
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
import { CARD_COLUMNS, type EmployeeCardRow, card } from './employee-rows.ts';
import { DEPARTMENT_PAGE_SQL, NAMED_DEPARTMENTS_SQL } from './department-search-sql.ts';
import { searchParameters, searchSql } from './employee-search-sql.ts';

interface SearchRow extends EmployeeCardRow {
  score: number;
  matched_by: MatchedBy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const page = (options: PageOptions = {}) => ({
  limit: Math.min(Math.max(Math.trunc(options.limit ?? 10), 1), MAX_SEARCH_LIMIT),
  offset: Math.max(Math.trunc(options.offset ?? 0), 0),
});

/** The directory search over the `employees` read model (schema `employees`, pg_trgm). */
export function postgresEmployeeSearch(pool: pg.Pool): EmployeeSearch {
  // A query that names a department lists its people: they are what was asked for, and the word search would
  // rank thousands of equal matches (every member has the department's words) to show ten of them.
  async function departmentNamed(query: SearchQuery, limit: number, offset: number) {
    if (query.words.length === 0) return null;
    const named = await pool.query<{ id: string }>(NAMED_DEPARTMENTS_SQL, [query.text]);
    if (named.rows.length === 0) return null;
    const ids = named.rows.map((row) => row.id);
    return (await pool.query<SearchRow>(DEPARTMENT_PAGE_SQL, [ids, limit, offset])).rows;
  }

  // What looks like a host name (`ws-buh-01`, `pc12.corp`) is looked up as one first: an exact match is what
  // the agent typed it for, and it costs an index probe where the word search costs milliseconds more.
  async function hostFirst(query: SearchQuery, limit: number, offset: number) {
    if (query.hostname === null || query.words.length === 0 || !/[\d.-]/.test(query.hostname)) return null;
    const hostOnly: SearchQuery = { ...query, words: [], kinds: query.kinds.filter((k) => k !== 'text') };
    const { rows } = await pool.query<SearchRow>(searchSql(0), searchParameters(hostOnly, limit, offset));
    return rows.length > 0 ? rows : null;
  }

  return {
    async search(typed, options) {
      const query = parseSearchQuery(typed);
      if (query.kinds.length === 0) return [];
      const { limit, offset } = page(options);
      const rows =
        (await departmentNamed(query, limit, offset)) ??
        (await hostFirst(query, limit, offset)) ??
        (await pool.query<SearchRow>(searchSql(query.words.length), searchParameters(query, limit, offset)))
          .rows;
      return rows.map((row): EmployeeSearchHit => ({
        employee: card(row),
        score: row.score,
        matchedBy: row.matched_by,
      }));
    },

    async whois(hostOrIp) {
      const key = foldText(hostOrIp.slice(0, 253)).replace(/\.$/, '');
      const { rows } = await pool.query<EmployeeCardRow>(
        `select ${CARD_COLUMNS} from employees.employees e
         where not e.forgotten and e.id in (
           select employee_id from employees.workstations
           where (hostname = $1 or ip = $1) and status = 'active')
         order by e.name_text, e.id`,
        [key],
      );
      return rows.map(card);
    },

    async listByDepartment(departmentId, options) {
      if (!UUID.test(departmentId)) return [];
      const { limit, offset } = page(options);
      const { rows } = await pool.query<EmployeeCardRow>(
        `select ${CARD_COLUMNS} from employees.employees e
         where e.department_id = $1 and e.status = 'active' and not e.forgotten
         order by e.name_text, e.id limit $2 offset $3`,
        [departmentId, limit, offset],
      );
      return rows.map(card);
    },

    async getById(employeeId) {
      if (!UUID.test(employeeId)) return null;
      const { rows } = await pool.query<EmployeeCardRow>(
        `select ${CARD_COLUMNS} from employees.employees e where e.id = $1`,
        [employeeId],
      );
      return rows[0] ? card(rows[0]) : null;
    },
  };
}
