import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { NewEvent, Projector } from '../../../application/ports/index.ts';
import type { Event } from '../../../domain/shared/index.ts';
import { accessNoticesReactor, otrsLinkNoticesReactor } from '../../../projections/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// The two reactors that tell a user something in private, in the language of their registration (their
// shared recipients' table), on real PostgreSQL: a language registered in the same batch, in an earlier one,
// a forgotten user's dropped.
interface Context {
  database: TestDatabase;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});
test.after.always(async (t) => {
  await t.context.database?.drop();
});

const spec = (projector: Projector, t: ExecutionContext<Context>) =>
  projectorSpec(projector, t.context.database)(t);

// After the reactors' start line (their tables are created now): earlier events are no news.
const metadata = { ...testMetadata, occurredAt: '2099-01-01T10:00:00.000Z' };
const as = (e: Event): NewEvent => ({ type: e.type, data: e.data, metadata });
const registered = (telegramUserId: number, languageCode: string | null) =>
  as({
    type: 'TelegramUserRegistered',
    data: { telegramUserId, username: null, firstName: 'Anna', lastName: null, languageCode },
  });
const OUTBOX = `select chat_id, kind, params from notifications.outbox order by id`;

test('an expired session is told in the language registered in the same batch or an earlier one', async (t) => {
  const log = recordedLog();
  const expired = (telegramUserId: number) =>
    log.append(`otrs-agent-link-${telegramUserId}`, [
      as({ type: 'OtrsAgentSessionExpired', data: { telegramUserId } }),
    ]);
  await spec(otrsLinkNoticesReactor, t)
    .given([...log.append('telegram-user-51', [registered(51, 'ru')]), ...expired(51)])
    .when([...expired(51), ...log.append('telegram-user-52', [registered(52, null)]), ...expired(52)])
    .thenRows(OUTBOX, [
      { chat_id: '51', kind: 'otrs.sessionExpired', params: { languageCode: 'ru' } },
      { chat_id: '51', kind: 'otrs.sessionExpired', params: { languageCode: 'ru' } },
      { chat_id: '52', kind: 'otrs.sessionExpired', params: { languageCode: null } },
    ]);
});

test("a forgotten user's language is dropped; a user's own approval is no news to them", async (t) => {
  const log = recordedLog();
  const user = (id: number, events: Event[]) => log.append(`telegram-user-${id}`, events.map(as));
  const approved = (telegramUserId: number) =>
    ({ type: 'TelegramAccessApproved', data: { telegramUserId, role: 'viewer' } }) as Event;
  await spec(accessNoticesReactor, t)
    .given([
      ...log.append('telegram-user-61', [registered(61, 'en')]),
      ...log.append('telegram-user-62', [registered(62, 'ru')]),
    ])
    .when([
      ...user(61, [{ type: 'TelegramUserForgotten', data: { telegramUserId: 61 } }, approved(61)]),
      ...user(62, [approved(62)]),
      ...log.append('telegram-user-63', [
        { ...as(approved(63)), metadata: { ...metadata, actor: { kind: 'telegram', id: '63', name: 'x' } } },
      ]),
    ])
    .thenRows(`${OUTBOX.replace(' order by id', '')} order by chat_id`, [
      {
        chat_id: '61',
        kind: 'telegram.accessDecision',
        params: { decision: { verdict: 'approved', role: 'viewer' }, languageCode: null },
      },
      {
        chat_id: '62',
        kind: 'telegram.accessDecision',
        params: { decision: { verdict: 'approved', role: 'viewer' }, languageCode: 'ru' },
      },
    ]);
});
