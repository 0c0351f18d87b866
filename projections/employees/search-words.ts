import type { Selectable } from 'kysely';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { EMPLOYEES, type EmployeesTable, WORDS, wordsOf } from './employees-tables.ts';

/**
 * The lexicon (`words`) follows the employees' `search_words`: words worth a fuzzy match (two characters or
 * more, not bare numbers: phones and extensions are matched exactly) are added when a row gains them and
 * removed when no row holds them any more, so a forgotten person's unique words (an e-mail name, a rare
 * surname) leave no trace.
 */
export async function addWordsOf(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  employees: { readonly ids: readonly string[] } | { readonly departmentId: string },
): Promise<void> {
  const [where, param] =
    'ids' in employees
      ? ['e.id = any($1::uuid[])', employees.ids]
      : ['e.department_id = $1', employees.departmentId];
  await trx.query(
    `insert into ${tables.table(WORDS)} (word)
     select distinct w from ${tables.table(EMPLOYEES)} e cross join unnest(e.search_words) w
     where ${where} and length(w) > 1 and w !~ '^[0-9]+$'
     on conflict do nothing`,
    [param],
  );
}

/** The search words of the rows `where` selects, before a change that may drop some. */
export async function searchWordsOf(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  where: string,
  param: unknown,
): Promise<string[]> {
  const { rows } = await trx.query<{ words: Selectable<EmployeesTable>['search_words'] | null }>(
    `select array_agg(distinct w) as words
     from ${tables.table(EMPLOYEES)} e cross join unnest(e.search_words) w where ${where}`,
    [param],
  );
  return rows[0]?.words ?? [];
}

/** Removes those of `words` that no employee's search words hold any more. */
export async function dropUnusedWords(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  words: readonly string[],
): Promise<void> {
  if (words.length === 0) return;
  await trx.query(
    `delete from ${tables.table(WORDS)} l where l.word = any($1::text[])
       and not exists (select 1 from ${tables.table(EMPLOYEES)} e where e.search_words @> array[l.word])`,
    [words],
  );
}

/** Removes the words of `text` (a department's old name) that no employee holds any more. */
export async function dropUnusedWordsOfText(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  text: string,
): Promise<void> {
  await trx.query(
    `delete from ${tables.table(WORDS)} l where l.word = any(${wordsOf('$1::text')})
       and not exists (select 1 from ${tables.table(EMPLOYEES)} e where e.search_words @> array[l.word])`,
    [text],
  );
}
