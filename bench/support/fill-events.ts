import type pg from 'pg';

/** Events inserted per statement (and so per transaction): the fill's log has `count / FILL_CHUNK` xids. */
export const FILL_CHUNK = 5000;

/** Events per stream: stream `employee-<k>` holds revisions 0..7 of a realistic aggregate. */
const EVENTS_PER_STREAM = 8;

// One realistic event per `g`: a few types, about 250 bytes of mostly Cyrillic data, full audit metadata
// (actor, correlation and causation ids, source, occurredAt, sometimes a reason). Pure SQL: this is setup.
const FILL_SQL = `
insert into es.events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at)
select gen_random_uuid(),
       'employee-' || (g / ${EVENTS_PER_STREAM}),
       g % ${EVENTS_PER_STREAM},
       (array['EmployeeHired', 'EmployeeTransferred', 'EmployeePhoneChanged', 'TicketOpened',
              'TicketCommented', 'TicketClosed', 'AccessGranted'])[1 + g % 7],
       1,
       jsonb_build_object(
         'employeeId', md5('employee' || (g / ${EVENTS_PER_STREAM}))::uuid,
         'fullName', (array['Мария', 'Алексей', 'Екатерина', 'Дмитрий', 'Ольга', 'Сергей'])[1 + g % 6]
                     || ' Сергеевна Иванова',
         'department', (array['Служба ИТ-поддержки', 'Отдел сопровождения', 'Бухгалтерия', 'Склад №3'])[1 + g % 4],
         'comment', 'Переведена на новый участок',
         'n', g),
       jsonb_strip_nulls(jsonb_build_object(
         'actor', jsonb_build_object(
           'kind', 'telegram',
           'id', (417293561 + g % 50)::text,
           'name', (array['Иван Петров', 'Анна Смирнова', 'Пётр Кузнецов', 'Елена Соколова', 'Олег Попов'])[1 + g % 5]),
         'correlationId', md5('correlation' || (g / 2))::uuid,
         'causationId', md5('causation' || (g / 2))::uuid,
         'source', (array['telegram', 'http', 'telegram', 'cli'])[1 + g % 4],
         'occurredAt', to_char(at_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'reason', case when g % 10 = 0 then 'Заявка пользователя №' || g end)),
       at_time
from generate_series($1::bigint, $2::bigint) as g,
     lateral (select now() - interval '10 ms' * ($3::bigint - g)) as t(at_time)
order by g`;

/**
 * Fills `es.events` (and `es.streams`) with `count` events, `FILL_CHUNK` per transaction, then vacuums and
 * analyzes the log so that neither measured read pays for hint bits or a stale plan.
 */
export async function fillEvents(
  pool: pg.Pool,
  count: number,
  onProgress?: (inserted: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  for (let from = 0; from < count; from += FILL_CHUNK) {
    if (signal?.aborted) throw new Error('Interrupted');
    const to = Math.min(count, from + FILL_CHUNK) - 1;
    await pool.query(FILL_SQL, [from, to, count]);
    onProgress?.(to + 1);
  }
  await pool.query(
    'insert into es.streams (stream_id, revision) select stream_id, max(revision) from es.events group by stream_id',
  );
  await pool.query('vacuum (analyze) es.events');
  await pool.query('vacuum (analyze) es.streams');
}
