import { CARD_COLUMNS } from './employee-card-row.ts';
import { DEPARTMENTS_TABLE, EMPLOYEES_TABLE, wordsOf } from './employees-tables.ts';

/**
 * Open departments whose name is the query word for word (`отдел кадров` names `Отдел кадров`, and
 * `планово экономический отдел` names `Планово-экономический отдел`): split as the search text is. Only
 * departments with people: a new, empty one must not hide people elsewhere whose words match.
 */
export const NAMED_DEPARTMENTS_SQL = `select d.id from ${DEPARTMENTS_TABLE} d
  where d.status = 'active' and ${wordsOf('d.name')} = ${wordsOf('$1::text')}
    and exists (select 1 from ${EMPLOYEES_TABLE} e where e.department_id = d.id and not e.forgotten)`;

/**
 * A page of the people of departments `$1`: active ones by name, then dismissed ones by name. Each department's
 * active people are read in order from the (department, name) index and cut at the page's end, so a department
 * of thousands costs a page; the dismissed are looked for only when the active ones do not fill it (the index
 * does not hold the status: looking for the few dismissed reads every member). Scored as an exact name match,
 * dismissed ones as the word search scores them.
 */
export const DEPARTMENT_PAGE_SQL = `
with active as materialized (
  select m.* from unnest($1::uuid[]) d(id) cross join lateral (
    select e.id, e.name_text, 1.0 as score from ${EMPLOYEES_TABLE} e
    where e.department_id = d.id and e.status = 'active' and not e.forgotten
    order by e.name_text, e.id limit $2::int + $3::int
  ) m
), member as (
  select * from active
  union all
  select e.id, e.name_text, 0.9 from ${EMPLOYEES_TABLE} e
  where (select count(*) from active) < $2::int + $3::int
    and e.department_id = any($1::uuid[]) and e.status <> 'active' and not e.forgotten
), page as (
  select id, name_text, score from member order by score desc, name_text, id limit $2 offset $3
)
select ${CARD_COLUMNS}, p.score::float8 as score, 'department' as matched_by
from page p join ${EMPLOYEES_TABLE} e on e.id = p.id
order by p.score desc, p.name_text, p.id`;
