import type pg from 'pg';
import {
  type EmployeeSearch,
  type EmployeeSearchHit,
  MAX_SEARCH_LIMIT,
  type MatchedBy,
  type PageOptions,
  foldText,
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
      const { rows } = await pool.query<SearchRow>(
        searchSql(query.words.length),
        searchParameters(query, limit, offset),
      );
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
