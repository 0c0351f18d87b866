import anyTest, { type TestFn } from 'ava';
import type { EmulatedUser } from '../../support/bot-api-emulator.ts';
import { eventually } from '../../support/eventually.ts';
import { type TelegramHarness, startTelegramHarness } from '../../support/telegram-harness.ts';

const test = anyTest as TestFn<{ harness: TelegramHarness }>;

const ADMIN: EmulatedUser = { id: 1001, first_name: 'Анна', language_code: 'ru' };
const RATE_LIMIT = 4;

test.before(async (t) => {
  t.context.harness = await startTelegramHarness({
    TELEGRAM_ADMIN_IDS: String(ADMIN.id),
    TELEGRAM_USER_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
  });
  const runtime = await t.context.harness.startBot();
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

test.serial('over the per-user limit: one polite answer with the wait, and no work done', async (t) => {
  const { emulator, database } = t.context.harness;
  const extra = 6;
  for (let i = 0; i < RATE_LIMIT + extra; i += 1) emulator.sendText(ADMIN, `/me ${i}`);
  // Replies leave at 1 a second per chat (Telegram's limit): wait for the budget's answers and the refusal.
  await eventually(() => emulator.sentTo(ADMIN.id).length >= RATE_LIMIT + 1, 15_000);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const texts = emulator.sentTo(ADMIN.id).map((m) => m.text);
  t.is(texts.filter((text) => text.startsWith('Вы: Анна')).length, RATE_LIMIT, 'only the budget is served');
  const refusals = texts.filter((text) => text.startsWith('Слишком много'));
  t.is(refusals.length, 1, 'one refusal per window, not one per message');
  t.regex(refusals[0] ?? '', /^Слишком много запросов\. Попробуйте снова через ([1-9]|[1-5]\d|60) с\.$/);
  const { rows } = await database.pool.query<{ count: string }>(
    `select count(*) from es.events where stream_id = $1`,
    [`telegram-user-${ADMIN.id}`],
  );
  t.is(Number(rows[0]?.count), 2, 'registered and approved, nothing else written');
});

test.serial('a button pressed over the limit gets the wait as a toast', async (t) => {
  const { emulator } = t.context.harness;
  const id = emulator.press(ADMIN, 1, 'p:1:5:AAAAAAAAAAAA');
  const answer = await eventually(() => emulator.callbackAnswers.get(id));
  t.regex(answer?.text ?? '', /^Слишком много запросов/);
});
