import anyTest, { type TestFn } from 'ava';
import type pg from 'pg';
import { cyrillicToLatin, foldText } from '../../../application/employees/search/index.ts';
import { cyrillicLayoutToLatin } from '../../../application/employees/search/keyboard-layout.ts';
import { BotApiEmulator, type EmulatedUser } from '../../support/bot-api-emulator.ts';
import { listedAsPending } from '../../support/pending-telegram-user.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, startServedApi } from '../../support/served-api.ts';
import { runTbot } from '../../support/tbot-process.ts';
import { TEST_BOT_TOKEN } from '../../support/telegram-harness.ts';

// #12 point 1, the test the issue asks for: after Telegram traffic about two people (an employee found with
// /find, a Telegram user who registered, was approved and searched), both are forgotten through the real
// interfaces (the API for the employee, `tbot telegram forget` for the Telegram user); then every column of
// every table of the database, the event log (es.events) included, is searched for every field of theirs,
// as typed and as the search index and the bot might keep it, and nothing is found.
interface Context {
  api: ServedApi;
  emulator: BotApiEmulator;
}
const test = anyTest.serial as TestFn<Context>;

const OLGA: EmulatedUser = { id: 7107, first_name: 'Ольга', username: 'olga_admin', language_code: 'ru' };
const PETR: EmulatedUser = {
  id: 8108,
  first_name: 'Пётр',
  last_name: 'Сидоренков',
  username: 'psidorenkov',
  language_code: 'ru',
};

const EMPLOYEE = {
  fullName: 'Иванцов Игнат Прохорович',
  position: 'Инженер',
  workPhone: '+7 916 555-83-29',
  mobilePhone: '+7 903 771-46-08',
  extension: '4817',
  email: 'ignat.ivantsov@example.com',
  room: '305',
  notes: 'Аллергия на тополиный пух',
};
// No name of theirs in it: the first test must pass before the reason's encryption is merged (see the last).
const EMPLOYEE_REASON = 'обращение 9137 по 152-ФЗ';
const TELEGRAM_REASON = 'просьба Сидоренкова номер 5521';

/** Every form a value of theirs may take: as typed, lower case, folded (ё→е), transliterated, mistyped. */
function forms(value: string): string[] {
  const lower = value.toLowerCase();
  const folded = foldText(value);
  const latin = cyrillicToLatin(folded);
  return [value, lower, folded, latin, cyrillicLayoutToLatin(lower)].filter((form) => form.length >= 4);
}

const words = (text: string) => text.split(/[\s,.@]+/).filter((word) => word.length >= 4);

/** What must not be found of the employee and the Telegram user, but for the employee's forget reason. */
const needles = [
  ...new Set([
    ...words(EMPLOYEE.fullName).flatMap(forms),
    EMPLOYEE.fullName,
    ...['5558329', '9165558329', '555-83-29', '7714608', '9037714608', '771-46-08'],
    EMPLOYEE.email,
    'ignat.ivantsov',
    ...words(EMPLOYEE.notes).flatMap(forms),
    ...forms(PETR.first_name),
    ...forms(PETR.last_name ?? ''),
    `${PETR.first_name} ${PETR.last_name ?? ''}`,
    PETR.username ?? '',
    ...words(TELEGRAM_REASON).flatMap(forms),
    TELEGRAM_REASON,
  ]),
].filter((needle) => !['Инженер', 'инженер', 'номер'].includes(needle));

/** Needles of the employee's forget reason: encrypted by the helper "forget"'s change (see the report). */
const reasonNeedles = [EMPLOYEE_REASON, 'обращение 9137'];

interface Finding {
  readonly table: string;
  readonly needle: string;
  readonly row: string;
}

/**
 * Every row of every table (all schemas but the catalogs), cast to text, that holds one of `wanted` once every
 * `ignored` is cut out of it.
 */
async function searchEverything(pool: pg.Pool, wanted: readonly string[], ignored = ''): Promise<Finding[]> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `select distinct table_schema as schema, table_name as name from information_schema.columns
     where table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_toast%'
     order by 1, 2`,
  );
  const findings: Finding[] = [];
  const patterns = wanted.map((needle) => `%${needle.replace(/[\\%_]/g, '\\$&')}%`);
  for (const { schema, name } of tables) {
    const table = `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;
    const { rows } = await pool.query<{ row: string }>(
      `select t.row from (select replace(r::text, $2, '') as row from ${table} r) t
       where t.row ilike any($1::text[])`,
      [patterns, ignored],
    );
    for (const { row } of rows) {
      const lower = row.toLowerCase();
      for (const needle of wanted.filter((n) => lower.includes(n.toLowerCase()))) {
        findings.push({ table: `${schema}.${name}`, needle, row: row.slice(0, 300) });
      }
    }
  }
  return findings;
}

test.before(async (t) => {
  t.context.emulator = await BotApiEmulator.start();
  t.context.api = await startServedApi({
    env: {
      TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: t.context.emulator.apiRoot,
      TELEGRAM_ADMIN_IDS: String(OLGA.id),
      TELEGRAM_POLLING_LEASE_TTL_MS: '2000',
    },
  });
});

test.after.always(async (t) => {
  await t.context.api?.stop();
  await t.context.emulator?.stop();
});

test('Telegram traffic about two people, then their forgetting, leaves nothing of them anywhere', async (t) => {
  const { api, emulator } = t.context;
  const token = await api.adminToken();

  const registered = await api.call('/employees', { token, body: EMPLOYEE });
  t.is(registered.status, 201);
  const { employeeId } = (await registered.json()) as { employeeId: string };

  // Olga, an admin from TELEGRAM_ADMIN_IDS, searches; Petr registers, asks, is approved and searches too.
  emulator.sendText(OLGA, '/start');
  t.truthy(await eventually(() => emulator.sentTo(OLGA.id)[0], 20_000), 'the bot answers');
  emulator.sendText(PETR, '/start');
  const asked = await eventually(
    () => emulator.sentTo(OLGA.id).find((m) => m.text.includes('Сидоренков')),
    20_000,
  );
  t.truthy(asked, 'the admin is asked about Petr, by name');
  const pending = await listedAsPending(api.node.baseUrl, token, PETR.id);
  t.true(pending);
  const approved = await api.call(`/telegram/users/${PETR.id}/approve`, { token, body: { role: 'viewer' } });
  t.is(approved.status, 200);
  for (const [user, query] of [
    [OLGA, '/find Иванцов'],
    [PETR, '/find иванцов игнат'],
    [PETR, '/find ivantsov'],
  ] as const) {
    const before = emulator.sentTo(user.id).length;
    emulator.sendText(user, query);
    const card = await eventually(
      () =>
        emulator
          .sentTo(user.id)
          .slice(before)
          .find((m) => m.text.includes('+79165558329')),
      20_000,
    );
    t.truthy(card, `${query}: the card with the phone is sent`);
  }

  // The employee through the API, the Telegram user through the CLI.
  const forgotten = await api.call(`/employees/${employeeId}/forget`, {
    token,
    body: { reason: EMPLOYEE_REASON },
  });
  t.is(forgotten.status, 200);
  const cli = await runTbot(['telegram', 'forget', String(PETR.id), '--reason', TELEGRAM_REASON, '--yes'], {
    DATABASE_URL: api.database.url,
  });
  t.is(cli.code, 0, cli.stderr);
  t.regex(cli.stdout, /forgot Telegram user 8108/);
  // The API's route for the same, a second time: done already, nothing more recorded.
  const again = await api.call(`/telegram/users/${PETR.id}/forget`, {
    token,
    body: { reason: TELEGRAM_REASON },
  });
  t.is(again.status, 200);
  t.like(await again.json(), { telegramUserId: PETR.id, forgotten: true, recorded: false });

  // The read models and the audit log scrub them as they apply the forgetting events.
  const findings = await eventually(async () => {
    const found = await searchEverything(api.database.pool, needles);
    return found.length === 0 ? found : undefined;
  }, 20_000);
  t.deepEqual(findings ?? (await searchEverything(api.database.pool, needles)), []);

  // The audit log still answers who: the admin by name, the forgotten Telegram user by id only.
  const audit = await api.call(`/audit?actor=telegram:${PETR.id}`, { token });
  t.is(audit.status, 200);
  const { items } = (await audit.json()) as { items: { actor: { id: string; name: string | null } }[] };
  t.true(items.length > 0, 'what Petr did is still in the audit log');
  t.true(items.every((item) => item.actor.id === String(PETR.id) && item.actor.name === null));
  const page = await api.call('/audit?limit=200', { token });
  const all = ((await page.json()) as { items: { actor: { kind: string; name: string | null } }[] }).items;
  const byAdmin = all.filter((item) => item.actor.kind === 'admin');
  t.true(byAdmin.length > 0 && byAdmin.every((item) => item.actor.name === 'admin'));
});

test('a disabled web-admin user, forgotten, leaves their name only in the reservation stream id', async (t) => {
  const { api } = t.context;
  const token = await api.adminToken();
  const USERNAME = 'zhdanovich.alla';
  const created = await api.call('/users', {
    token,
    body: { username: USERNAME, password: 'a-long-passphrase-for-alla', role: 'operator' },
  });
  t.is(created.status, 201);
  const { userId } = (await created.json()) as { userId: string };
  const alla = (await api.login(USERNAME, 'a-long-passphrase-for-alla')).accessToken;
  const wrote = await api.call('/employees', { token: alla, body: { fullName: 'Кравец Ульяна' } });
  t.is(wrote.status, 201);
  const refused = await runTbot(['users', 'forget', USERNAME, '--reason', 'увольнение', '--yes'], {
    DATABASE_URL: api.database.url,
  });
  t.is(refused.code, 2, 'an enabled user is not forgotten');
  t.is((await api.call(`/users/${userId}/disable`, { token, body: {} })).status, 200);
  const cli = await runTbot(['users', 'forget', USERNAME, '--reason', 'увольнение', '--yes'], {
    DATABASE_URL: api.database.url,
  });
  t.is(cli.code, 0, cli.stderr);
  const needles = [USERNAME, 'zhdanovich', 'увольнение'];
  // Where it stays: the id of the stream that keeps user names unique (a stream id cannot be encrypted).
  const findings = await eventually(async () => {
    const found = await searchEverything(api.database.pool, needles, `username-${USERNAME}`);
    return found.length === 0 ? found : undefined;
  }, 20_000);
  t.deepEqual(findings ?? (await searchEverything(api.database.pool, needles, `username-${USERNAME}`)), []);
  const audit = await api.call(`/audit?actor=admin:${userId}`, { token });
  const { items } = (await audit.json()) as { items: { actor: { name: string | null } }[] };
  t.true(items.length > 0 && items.every((item) => item.actor.name === null));
});

// Fails until the helper "forget"'s change (EmployeeForgotten's reason encrypted with the person's key before
// the key goes) is merged: on this branch the reason is plain in es.events.
test("the employee's forget reason is nowhere either", async (t) => {
  const findings = await searchEverything(t.context.api.database.pool, reasonNeedles);
  t.deepEqual(findings, []);
});
