import anyTest, { type TestFn } from 'ava';
import type { EmulatedUser } from '../../support/bot-api-emulator.ts';
import { eventually } from '../../support/eventually.ts';
import { type TelegramHarness, startTelegramHarness } from '../../support/telegram-harness.ts';

// The durable inbox: updates stored before they are confirmed, retried on failure, given up on after N tries.
interface Context {
  harness: TelegramHarness;
}
const test = anyTest.serial as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 1101, first_name: 'Анна', language_code: 'ru' };
const FLAKY: EmulatedUser = { id: 2201, first_name: 'Фёдор', language_code: 'ru' };
const DOOMED: EmulatedUser = { id: 3301, first_name: 'Глеб', language_code: 'ru' };

test.before(async (t) => {
  t.context.harness = await startTelegramHarness({
    TELEGRAM_ADMIN_IDS: String(ADMIN.id),
    TELEGRAM_INBOX_MAX_ATTEMPTS: '3',
    TELEGRAM_INBOX_RETRY_BASE_MS: '50',
  });
  const runtime = await t.context.harness.startBot();
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

const eventsOf = async (harness: TelegramHarness, userId: number) => {
  const { rows } = await harness.database.pool.query<{ type: string }>(
    `select type from es.events where stream_id = $1 order by position`,
    [`telegram-user-${userId}`],
  );
  return rows.map((r) => r.type);
};

test('a button whose data holds a NUL is stored and handled', async (t) => {
  const { emulator, database } = t.context.harness;
  emulator.sendText(ADMIN, '/start');
  const welcome = await eventually(() => emulator.sentTo(ADMIN.id)[0], 10_000);
  t.truthy(welcome);
  const pressId = emulator.press(ADMIN, welcome?.message_id ?? 0, 'acc\u0000y:1:v');
  const answer = await eventually(() => emulator.callbackAnswers.get(pressId), 10_000);
  t.truthy(answer, 'the press is answered');
  // The press is the chat's last update; once done, its raw JSON (what people wrote) is dropped (#12 point 1).
  const statuses = await eventually(async () => {
    const { rows } = await database.pool.query<{ status: string; raw: string }>(
      `select status, raw from telegram.inbox where chat_key = $1 order by update_id desc limit 1`,
      [`chat:${ADMIN.id}`],
    );
    return rows[0]?.status === 'done' ? rows : undefined;
  }, 5000);
  t.deepEqual(statuses, [{ status: 'done', raw: '' }]);
});

test('a handling that fails twice is retried and has its effect and its reply once', async (t) => {
  const { harness } = t.context;
  const { emulator, database } = harness;
  // The first two appends of this user's events fail, as a database error would.
  await database.pool.query(`
    create sequence test_flaky;
    create function test_flaky() returns trigger language plpgsql as $$
    begin
      if new.metadata->'actor'->>'id' = '${FLAKY.id}' and nextval('test_flaky') <= 2 then
        raise exception 'injected failure';
      end if;
      return new;
    end $$;
    create trigger test_flaky before insert on es.events for each row execute function test_flaky();`);
  emulator.sendText(FLAKY, '/start');
  const reply = await eventually(() => emulator.sentTo(FLAKY.id)[0], 15_000);
  t.regex(reply?.text ?? '', /Доступ запрошен/);
  await eventually(async () => (await eventsOf(harness, FLAKY.id)).length >= 2, 5000);
  t.deepEqual(await eventsOf(harness, FLAKY.id), ['TelegramUserRegistered', 'TelegramAccessRequested']);
  t.is(emulator.sentTo(FLAKY.id).length, 1, 'one reply');
  const rows =
    (await eventually(async () => {
      const { rows } = await database.pool.query<{ status: string; attempts: number; last_error: string }>(
        `select status, attempts, last_error from telegram.inbox where chat_key = $1`,
        [`chat:${FLAKY.id}`],
      );
      return rows[0]?.status === 'done' ? rows : undefined;
    }, 5000)) ?? [];
  t.like(rows[0], { status: 'done', attempts: 2 });
  t.notRegex(rows[0]?.last_error ?? '', /injected|Фёдор/, 'no message or personal data in the error');
});

test('an update failing for good is given up on after N tries, audited, and the next one is handled', async (t) => {
  const { harness } = t.context;
  const { emulator, database } = harness;
  const { updateId } = emulator.sendText(DOOMED, '/start');
  await database.pool.query(`
    create function test_doomed() returns trigger language plpgsql as $$
    begin
      if new.metadata->>'correlationId' like '%:${updateId}' and new.type <> 'TelegramUpdateFailed' then
        raise exception 'injected failure';
      end if;
      return new;
    end $$;
    create trigger test_doomed before insert on es.events for each row execute function test_doomed();`);
  const failed = await eventually(async () => {
    const { rows } = await database.pool.query<{ status: string; attempts: number }>(
      `select status, attempts from telegram.inbox where update_id = $1`,
      [updateId],
    );
    return rows[0]?.status === 'failed' ? rows[0] : undefined;
  }, 15_000);
  t.like(failed, { status: 'failed', attempts: 3 });
  const { rows: audited } = await database.pool.query<{ type: string; actor: string }>(
    `select type, metadata->'actor'->>'kind' as actor from es.events where stream_id like 'telegram-inbox-%'`,
  );
  t.deepEqual(audited, [{ type: 'TelegramUpdateFailed', actor: 'system' }]);
  emulator.sendText(DOOMED, '/start');
  const requested = await eventually(
    () => emulator.sentTo(DOOMED.id).find((m) => /Доступ запрошен/.test(m.text)),
    15_000,
  );
  t.truthy(requested, 'the next update of the chat is handled');
});

test('a retry of a request whose first try died before the admins were asked asks them', async (t) => {
  const { harness } = t.context;
  const { emulator, database } = harness;
  const LATE: EmulatedUser = { id: 4401, first_name: 'Лев', language_code: 'ru' };
  // The first try records the request and answers, then fails recording its reply in the call journal:
  // it dies after its effect and before it asked any admin.
  await database.pool.query(`
    create sequence test_late;
    create function test_late() returns trigger language plpgsql as $$
    begin
      if new.method = 'sendMessage' and (new.result::jsonb->'chat'->>'id') = '${LATE.id}' and nextval('test_late') = 1 then
        raise exception 'injected failure';
      end if;
      return new;
    end $$;
    create trigger test_late before insert on telegram.inbox_calls for each row execute function test_late();`);
  emulator.sendText(LATE, '/start');
  const ask = await eventually(
    () => emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${LATE.id}`)),
    15_000,
  );
  t.truthy(ask, 'the admin is asked on the retry');
  t.deepEqual(await eventsOf(harness, LATE.id), ['TelegramUserRegistered', 'TelegramAccessRequested']);
  t.true(
    emulator.sentTo(LATE.id).every((m) => /Доступ запрошен/.test(m.text)),
    'the user is told the request was made, never that it is merely pending',
  );
});
