import { employeeSubject, telegramUserSubject, userSubject } from '../../application/personal-data/index.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import type { Projector } from '../../application/ports/projector.ts';

/** The subject whose key a forgetting event ends, by the event's type. */
const FORGETTING: Readonly<Record<string, (data: object) => string>> = {
  EmployeeForgotten: (data) => employeeSubject((data as { employeeId: string }).employeeId),
  TelegramUserForgotten: (data) => telegramUserSubject((data as { telegramUserId: number }).telegramUserId),
  UserForgotten: (data) => userSubject((data as { userId: string }).userId),
};

const subjectsOf = (events: readonly RecordedEvent[]): string[] =>
  events.flatMap((event) => {
    const subjectOf = FORGETTING[event.type];
    return subjectOf ? [subjectOf(event.data)] : [];
  });

/**
 * Completes every forget: a forgetting event in the log (`EmployeeForgotten`, `TelegramUserForgotten`, `UserForgotten`) tombstones its person's data key,
 * as the forget itself does right after appending it. Should the process die between the two, the key still
 * goes, within a projection's lag, whether or not anyone retries. Idempotent: the forget's own deletion, a
 * retry, a rebuild replaying the log all leave the same tombstone. It owns no table: its effect is on
 * `core.personal_data_keys`, the one place a key lives (DESIGN.md "Events", crypto-shredding).
 */
export const forgottenKeysProjector: Projector = {
  name: 'forgotten-keys',
  version: 1,
  schema: 'core',
  tables: [],
  eventTypes: Object.keys(FORGETTING),

  createTables: () => Promise.resolve(),

  async apply(events, trx) {
    const subjects = subjectsOf(events);
    if (subjects.length === 0) return;
    await trx.query(
      `insert into core.personal_data_keys (subject_id, wrapped_key, master_key_id, forgotten_at)
       select subject_id, null, null, now() from unnest($1::text[]) as s (subject_id)
       on conflict (subject_id) do update
         set wrapped_key = null, master_key_id = null,
             forgotten_at = coalesce(core.personal_data_keys.forgotten_at, now())`,
      [[...new Set(subjects)]],
    );
  },
};
