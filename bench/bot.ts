/**
 * The Telegram bot on its real stack (grammY with @grammyjs/runner under the Redis polling lease, PostgreSQL
 * event store, message log and read models, Redis rate limits, the directory search), against the Bot API
 * emulator of the tests (test/support/bot-api-emulator.ts), which long-polls like Telegram and records every
 * call:
 *
 *   - BENCH_USERS users (default 100), approved as viewers before the run (setup, not measured), each send
 *     BENCH_FINDS_PER_USER `/find` queries (default 10: 1,000 updates), one after another, the next as soon as
 *     the answer to the last arrives, like a person at a phone; the users' first queries spread evenly over
 *     the first second; queries cycle through the search modes
 *     (surname, surname with a typo, transliterated, phone, last phone digits, extension, host, IP);
 *   - before the run, each user says /start once (not measured: their chat is registered, as for anyone who
 *     has used the bot before); the limits are checked over the whole log, warm-up included;
 *   - the directory: BENCH_EMPLOYEES employees (default 2000), written through the event store and projected
 *     by the employees projector before the run.
 *
 * Handler time is from the moment the bot takes the update (`handleUpdate`) to the moment its answer is handed
 * to the API client (before the outgoing throttle, which then spaces the answers to Telegram's limits and is
 * not the handler's work); end-to-end time (the update pushed → the answer received by the emulator,
 * throttle included) is shown beside it. Limit violations are counted from the emulator's log of answers as
 * received: two to one private chat less than 1 s apart, more than 30 in any 1 s, more than 20 to one group in
 * any 60 s. Target: handler p99 < 100 ms and no violation.
 *
 *   npm run bench:bot      BENCH_DATABASE_URL names the PostgreSQL server; BENCH_REDIS_URL (default
 *                          redis://127.0.0.1:6379).
 *
 * The last line of stdout is one JSON object:
 * `{"bench":"bot","updates":…,"p50_ms":…,"p99_ms":…,"limit_violations":…}`.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Update } from 'grammy/types';
import { cyrillicToLatin } from '../application/employees/search/index.ts';
import { systemClock } from '../application/ports/index.ts';
import { makeTelegramUserCommands } from '../application/telegram/index.ts';
import { defaultSettings } from '../domain/settings/index.ts';
import { loadConfig } from '../infrastructure/config/index.ts';
import { type EmployeesDatabase, employeeSearch } from '../projections/employees/index.ts';
import { createPostgresEventStore } from '../infrastructure/event-store/index.ts';
import { createMemoryLeaseManager, createRedisLeaseManager } from '../infrastructure/leases/index.ts';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../infrastructure/personal-data/index.ts';
import { createPostgresProjectionStore } from '../infrastructure/projections/index.ts';
import { closeRedis, openRedis } from '../infrastructure/redis/index.ts';
import { createSecretSource } from '../infrastructure/secrets/index.ts';
import { startTelegramBot } from '../interfaces/runtime/telegram-runtime.ts';
import { employeesProjector } from '../projections/employees/index.ts';
import { createProjectionRunner, waitForProjection } from '../projections/index.ts';
import { telegramProjector } from '../projections/telegram/index.ts';
import { type EmulatedUser, BotApiEmulator, type RecordedCall } from '../test/support/bot-api-emulator.ts';
import { type FixturePerson, fixtureId, seedDirectory } from '../test/support/directory-fixture.ts';
import { createBenchDatabase } from './support/bench-database.ts';
import { distribution } from './support/percentiles.ts';
import { russianFullName, seededRandom } from './support/russian-names.ts';

const USERS = Number(process.env['BENCH_USERS'] ?? 100);
const FINDS_PER_USER = Number(process.env['BENCH_FINDS_PER_USER'] ?? 10);
const EMPLOYEES = Number(process.env['BENCH_EMPLOYEES'] ?? 2000);
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TOKEN = '7000000001:bench-token-for-the-emulator';
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function directory(): { people: FixturePerson[]; departments: Record<string, string> } {
  const random = seededRandom(42);
  const departments: Record<string, string> = {};
  for (let d = 1; d <= 12; d += 1) departments[fixtureId('d', d)] = `Отдел ${d}`;
  const departmentIds = Object.keys(departments);
  const people = Array.from({ length: EMPLOYEES }, (_, i): FixturePerson => {
    const { fullName } = russianFullName(random);
    return {
      employeeId: fixtureId('e', i + 1),
      departmentId: departmentIds[i % departmentIds.length] ?? fixtureId('d', 1),
      details: {
        fullName,
        position: 'Специалист',
        mobilePhone: `+7 (9${String(10 + (i % 89))}) ${String(100 + (i % 900))}-${String(10 + (i % 89))}-${String(10 + ((i * 7) % 89))}`,
        extension: String(2000 + i),
        room: String(100 + (i % 400)),
      },
      workstation: {
        hostname: `ws-${String(i + 1).padStart(5, '0')}`,
        ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      },
    };
  });
  return { people, departments };
}

/** The n-th query: the search modes in turn, about a person of the directory. */
function query(people: readonly FixturePerson[], n: number): string {
  const person = people[(n * 7919) % people.length];
  if (!person) return 'Иванов';
  const surname = person.details.fullName.split(' ')[0] ?? 'Иванов';
  const phone = person.details.mobilePhone ?? '';
  switch (n % 8) {
    case 0:
      return surname;
    case 1:
      return surname.length > 4 ? surname.slice(0, 2) + surname.slice(3) : surname;
    case 2:
      return cyrillicToLatin(surname);
    case 3:
      return phone;
    case 4:
      return phone.replace(/\D/g, '').slice(-7);
    case 5:
      return person.details.extension ?? '2000';
    case 6:
      return person.workstation?.hostname ?? 'ws-00001';
    default:
      return person.workstation?.ip ?? '10.0.0.1';
  }
}

/** Answers to one chat closer than its limit, and windows over the overall limit, from the emulator's log. */
function violations(calls: readonly RecordedCall[]): { perChat: number; overall: number; perGroup: number } {
  const sends = calls.filter((c) => c.status === 200 && /^(send|edit)/.test(c.method));
  const byChat = new Map<number, number[]>();
  for (const call of sends) {
    const chat = Number(call.payload['chat_id']);
    byChat.set(chat, [...(byChat.get(chat) ?? []), call.at]);
  }
  let perChat = 0;
  let perGroup = 0;
  for (const [chat, times] of byChat) {
    times.sort((a, b) => a - b);
    if (chat > 0) {
      for (let i = 1; i < times.length; i += 1)
        if ((times[i] ?? 0) - (times[i - 1] ?? 0) < 1000) perChat += 1;
    } else {
      for (let i = 20; i < times.length; i += 1)
        if ((times[i] ?? 0) - (times[i - 20] ?? 0) < 60_000) perGroup += 1;
    }
  }
  const all = sends.map((c) => c.at).sort((a, b) => a - b);
  let overall = 0;
  for (let i = 30; i < all.length; i += 1) if ((all[i] ?? 0) - (all[i - 30] ?? 0) < 1000) overall += 1;
  return { perChat, overall, perGroup };
}

async function main(): Promise<void> {
  const database = await createBenchDatabase();
  const handle = database.open(8);
  const eventStore = createPostgresEventStore({ pool: handle.pool, url: database.url });
  const redis = openRedis({ url: REDIS_URL, name: 'tbot-bench-bot', logger: silent });
  const keyPrefix = `tbot-bench-${randomBytes(4).toString('hex')}:`;
  const emulator = await BotApiEmulator.start();
  const projectionStore = createPostgresProjectionStore(handle.pool);
  const runner = createProjectionRunner({
    projectors: [employeesProjector, telegramProjector],
    eventStore,
    projectionStore,
    leases: createMemoryLeaseManager({ nodeId: 'bench' }),
    nodeId: 'bench',
    logger: silent,
    options: { batchSize: 1000, idlePollMs: 50 },
  });
  try {
    const { people, departments } = directory();
    const seeded = await seedDirectory(eventStore, { people, departments });
    await runner.start();
    if (!(await waitForProjection(projectionStore, 'employees', seeded, 120_000))) {
      throw new Error('the employees projection did not catch up');
    }

    const users: EmulatedUser[] = Array.from({ length: USERS }, (_, i) => ({
      id: 500_000 + i,
      first_name: `Пользователь ${i + 1}`,
      language_code: 'ru',
    }));
    const commands = makeTelegramUserCommands({ store: eventStore, adminIds: new Set() });
    const write = {
      metadata: {
        actor: { kind: 'system', id: 'bench', name: 'bench' },
        correlationId: 'bench',
        causationId: 'bench',
        source: 'bench',
        occurredAt: systemClock.now().toISOString(),
      },
    } as const;
    for (const user of users) {
      const profile = {
        telegramUserId: user.id,
        username: null,
        firstName: user.first_name,
        lastName: null,
        languageCode: 'ru',
      };
      await commands.identify(profile, write);
      await commands.requestAccess(user.id, write);
      await commands.approve(user.id, 'viewer', write);
    }

    const config = loadConfig(
      {
        NODE_ID: 'bench-bot',
        REDIS_KEY_PREFIX: keyPrefix,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: emulator.apiRoot,
      },
      createSecretSource({ keyring: () => null }),
    );
    const settings = defaultSettings();
    const bot = await startTelegramBot({
      config,
      logger: silent,
      eventStore,
      leases: createRedisLeaseManager({ redis, nodeId: 'bench-bot', keyPrefix: `${keyPrefix}lease:` }),
      redis,
      search: employeeSearch(handle.db.withTables<EmployeesDatabase>()),
      pool: handle.pool,
      db: handle.db,
      personalDataKeys: createPostgresPersonalDataKeys({
        pool: handle.pool,
        masterKey: masterKeyOf(randomBytes(32)),
      }),
      settings: { current: () => settings },
    });

    // Handler time: from `handleUpdate` to the answer entering the API client (the outermost transformer).
    const takenAt = new Map<number, number>();
    const handlerMs: number[] = [];
    const original = bot.bot.handleUpdate.bind(bot.bot);
    bot.bot.handleUpdate = (update: Update, webhookReply) => {
      const chat = update.message?.chat.id;
      if (chat !== undefined) takenAt.set(chat, performance.now());
      return original(update, webhookReply);
    };
    bot.bot.api.config.use((prev, method, payload, signal) => {
      if (method === 'sendMessage') {
        const chat = Number((payload as { chat_id?: unknown }).chat_id);
        const at = takenAt.get(chat);
        if (at !== undefined) handlerMs.push(performance.now() - at);
        takenAt.delete(chat);
      }
      return prev(method, payload, signal);
    });
    while (!bot.isPolling()) await new Promise((resolve) => setTimeout(resolve, 20));

    const waiting = new Map<number, () => void>();
    emulator.onCall((call) => {
      if (call.method !== 'sendMessage' || call.status !== 200) return;
      const chat = Number(call.payload['chat_id']);
      waiting.get(chat)?.();
    });
    // Warm-up, not measured: each user says /start once (their chat gets registered, as for anyone who has
    // used the bot before), and the process, pool and JIT get going.
    await Promise.all(
      users.map(async (user) => {
        const answered = new Promise<void>((resolve) => waiting.set(user.id, resolve));
        emulator.sendText(user, '/start');
        await answered;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    handlerMs.length = 0;
    const warmUpCalls = emulator.calls.length;

    const endToEndMs: number[] = [];
    const started = performance.now();
    let n = 0;
    await Promise.all(
      users.map(async (user, u) => {
        // People do not all press at the same millisecond: the first queries spread over the first second.
        await new Promise((resolve) => setTimeout(resolve, (u * 1000) / USERS));
        for (let i = 0; i < FINDS_PER_USER; i += 1) {
          const text = `/find ${query(people, (n += 1))}`;
          const answered = new Promise<void>((resolve) => waiting.set(user.id, resolve));
          const sentAt = performance.now();
          emulator.sendText(user, text);
          await answered;
          endToEndMs.push(performance.now() - sentAt);
        }
      }),
    );
    const elapsedS = (performance.now() - started) / 1000;
    await bot.stop();

    const measured = emulator.calls.slice(warmUpCalls);
    const answers = measured.filter((c) => c.method === 'sendMessage' && c.status === 200);
    const noResult = answers.filter((c) => String(c.payload['text']).startsWith('По запросу')).length;
    const refused = answers.filter((c) => String(c.payload['text']).startsWith('Слишком много')).length;
    const handler = distribution(handlerMs);
    const endToEnd = distribution(endToEndMs);
    const broken = violations(emulator.calls);
    const limitViolations = broken.perChat + broken.overall + broken.perGroup;
    const updates = USERS * FINDS_PER_USER;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    console.log(
      `bot: ${updates} /find updates from ${USERS} users over ${EMPLOYEES} employees in ${elapsedS.toFixed(1)} s`,
    );
    console.log(`  answers: ${answers.length} (${noResult} found nobody, ${refused} rate-limited)`);
    console.log(
      `  handler    p50 ${round(handler.p50)} ms  p99 ${round(handler.p99)} ms  max ${round(handler.max)} ms  (target p99 < 100 ms)`,
    );
    console.log(
      `  end-to-end p50 ${round(endToEnd.p50)} ms  p99 ${round(endToEnd.p99)} ms  (outgoing throttle included: ${(answers.length / elapsedS).toFixed(1)} answers/s)`,
    );
    console.log(
      `  limit violations: ${broken.perChat} per chat (<1 s apart), ${broken.overall} overall (>30 in 1 s), ${broken.perGroup} per group (>20 in 60 s)`,
    );
    if (answers.length !== updates || handlerMs.length !== updates) {
      throw new Error(`expected ${updates} answers, got ${answers.length} (${handlerMs.length} timed)`);
    }
    console.log(
      JSON.stringify({
        bench: 'bot',
        updates,
        p50_ms: round(handler.p50),
        p99_ms: round(handler.p99),
        limit_violations: limitViolations,
        e2e_p50_ms: round(endToEnd.p50),
        e2e_p99_ms: round(endToEnd.p99),
        answers_per_s: Math.round((answers.length / elapsedS) * 10) / 10,
      }),
    );
  } finally {
    await runner.stop();
    await emulator.stop();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await closeRedis(redis);
    await eventStore.close();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
