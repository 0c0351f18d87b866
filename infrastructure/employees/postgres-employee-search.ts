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
  return {
    async search(typed, options) {
      const query = parseSearchQuery(typed);
      if (query.kinds.length === 0) return [];
      const { limit, offset } = page(options);
      const run = (q: SearchQuery) =>
        pool.query<SearchRow>(searchSql(q.words.length), searchParameters(q, limit, offset));
      // What looks like a host name (`ws-buh-01`, `pc12.corp`) is looked up as one first: an exact match is
      // what the agent typed it for, and it costs an index probe where the word search costs tens of ms.
      let rows: SearchRow[] = [];
      if (query.hostname !== null && query.words.length > 0 && /[\d.-]/.test(query.hostname)) {
        rows = (await run({ ...query, words: [], kinds: query.kinds.filter((k) => k !== 'text') })).rows;
      }
      if (rows.length === 0) rows = (await run(query)).rows;
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
