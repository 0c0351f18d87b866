import anyTest, { type TestFn } from 'ava';
import { BotApiEmulator, type EmulatedUser } from '../../support/bot-api-emulator.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, startServedApi } from '../../support/served-api.ts';
import { TEST_BOT_TOKEN } from '../../support/telegram-harness.ts';

// A real `tbot serve` killed with -9 between storing an update and committing its effect: the update is not lost.
interface Context {
  api: ServedApi;
  emulator: BotApiEmulator;
}
const test = anyTest.serial as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 7107, first_name: 'Ольга', language_code: 'ru' };
const STRANGER: EmulatedUser = { id: 8108, first_name: 'Пётр', language_code: 'ru' };

const TELEGRAM_ENV = (emulator: BotApiEmulator) => ({
  TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
  TELEGRAM_API_ROOT: emulator.apiRoot,
  TELEGRAM_ADMIN_IDS: String(ADMIN.id),
  TELEGRAM_POLLING_LEASE_TTL_MS: '2000',
});

test.before(async (t) => {
  t.context.emulator = await BotApiEmulator.start();
  t.context.api = await startServedApi({ env: TELEGRAM_ENV(t.context.emulator) });
});

test.after.always(async (t) => {
  await t.context.api?.stop();
  await t.context.emulator?.stop();
});

test('a node killed while the effect of /start waits is replaced, and the command has one effect and one reply', async (t) => {
  const { api, emulator } = t.context;
  const { pool } = api.database;
  const blocker = await pool.connect();
  try {
    // Appending the command's events needs this table: the handler waits here, after the update was received.
    await blocker.query('begin');
    await blocker.query('lock table es.events in exclusive mode');
    const { rows: self } = await blocker.query<{ pid: number }>('select pg_backend_pid() as pid');
    const { updateId } = emulator.sendText(STRANGER, '/start');

    const stored = await eventually(async () => {
      const { rows } = await pool.query<{ status: string }>(
        'select status from telegram.inbox where update_id = $1',
        [updateId],
      );
      return rows[0];
    }, 20_000);
    t.truthy(stored, 'the update is in the inbox');
    const waiting = await eventually(async () => {
      const { rows } = await pool.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and pid <> $1`,
        [self[0]?.pid ?? 0],
      );
      return rows.length > 0 ? rows : undefined;
    }, 20_000);
    t.truthy(waiting, 'the handler waits on the lock');

    const killed = await api.node.stop('SIGKILL');
    t.is(killed.signal, 'SIGKILL');
    // A killed client's backend keeps waiting until it next talks to its socket; end it as TCP keepalive would,
    // so it cannot go on after the lock is released.
    await pool.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [
      (waiting ?? []).map((row) => row.pid),
    ]);
    await eventually(async () => {
      const { rows } = await pool.query(
        `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      return rows.length === 0;
    }, 10_000);
    t.is(emulator.sentTo(STRANGER.id).length, 0, 'no reply before the effect');
    await blocker.query('commit');
  } finally {
    blocker.release();
  }

  await api.serveAnotherNode(TELEGRAM_ENV(emulator));
  const reply = await eventually(() => emulator.sentTo(STRANGER.id)[0], 30_000);
  t.regex(reply?.text ?? '', /Доступ запрошен/);
  await eventually(async () => {
    const { rows } = await pool.query<{ status: string }>(
      `select status from telegram.inbox where chat_key = $1`,
      [`chat:${STRANGER.id}`],
    );
    return rows[0]?.status === 'done';
  }, 10_000);
  const { rows: events } = await pool.query<{ type: string; n: number }>(
    `select type, count(*)::int as n from es.events where stream_id = $1 group by type order by type`,
    [`telegram-user-${STRANGER.id}`],
  );
  t.deepEqual(events, [
    { type: 'TelegramAccessRequested', n: 1 },
    { type: 'TelegramUserRegistered', n: 1 },
  ]);
  const replies = emulator
    .callsOf('sendMessage')
    .filter(
      (call) => call.payload['chat_id'] === STRANGER.id || call.payload['chat_id'] === String(STRANGER.id),
    );
  t.is(replies.length, 1, 'one reply to the chat');
});
