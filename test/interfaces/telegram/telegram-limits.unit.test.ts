import test from 'ava';
import type { ApiCallFn } from 'grammy';
import { chatReadyAt, telegramThrottler } from '../../../interfaces/telegram/telegram-limits.ts';

const limits = { globalSpacingMs: 10, chatSpacingMs: 100, groupMaxPerWindow: 2, groupWindowMs: 400 };

test('spaces sends per chat and overall, and keeps a group within its window, counting from when each left', async (t) => {
  const throttle = telegramThrottler(limits);
  const sent: { chat: number; at: number }[] = [];
  const prev = ((method: string, payload: { chat_id: number }) => {
    sent.push({ chat: payload.chat_id, at: performance.now() });
    // A slow answer must not delay the chat's next send beyond its spacing.
    return new Promise((resolve) => setTimeout(() => resolve({ ok: true, result: true }), 150));
  }) as unknown as ApiCallFn;
  const calls = [];
  for (let i = 0; i < 3; i += 1) {
    for (const chat of [1, 2, 3, -100]) {
      calls.push(throttle(prev, 'sendMessage', { chat_id: chat, text: 'x' }));
    }
  }
  await Promise.all(calls);
  t.is(sent.length, 12);
  const gaps = (times: readonly number[]) => times.slice(1).map((at, i) => at - (times[i] ?? at));
  const ats = sent.map((s) => s.at).sort((a, b) => a - b);
  // Timers and the clock are read in whole milliseconds: 2 ms of slack.
  t.true(Math.min(...gaps(ats)) >= limits.globalSpacingMs - 2, `overall ${gaps(ats).join()}`);
  for (const chat of [1, 2, 3, -100]) {
    const times = sent.filter((s) => s.chat === chat).map((s) => s.at);
    t.true(Math.min(...gaps(times)) >= limits.chatSpacingMs - 2, `chat ${chat}: ${gaps(times).join()}`);
  }
  // The group's third send waits for the window that holds its first two; the second one did not wait for it.
  const group = sent.filter((s) => s.chat === -100).map((s) => s.at);
  t.true((group[2] ?? 0) - (group[0] ?? 0) >= limits.groupWindowMs - 2, `group ${gaps(group).join()}`);
  t.true(
    (group[1] ?? Infinity) - (group[0] ?? 0) < limits.groupWindowMs / 2,
    'a burst within the window goes',
  );
  const chat1 = sent.filter((s) => s.chat === 1).map((s) => s.at);
  t.true(
    (chat1[2] ?? Infinity) - (chat1[0] ?? 0) < 2 * limits.chatSpacingMs + 100,
    'the answer time is not added',
  );
});

test('calls without a chat, and reads, pass straight through', async (t) => {
  const throttle = telegramThrottler(limits);
  let calls = 0;
  const prev = (() => {
    calls += 1;
    return Promise.resolve({ ok: true, result: true });
  }) as unknown as ApiCallFn;
  await Promise.all([
    throttle(prev, 'getMe', {}),
    throttle(prev, 'answerCallbackQuery', { callback_query_id: '1' }),
    throttle(prev, 'getChat', { chat_id: 1 }),
  ]);
  t.is(calls, 3);
});

test('a chat is ready its spacing after its last send; a full group window waits for its oldest send', (t) => {
  t.is(chatReadyAt(1, [], limits), -Infinity);
  t.is(chatReadyAt(1, [0, 50], limits), 150);
  t.is(chatReadyAt(-100, [0], limits), 100);
  t.is(chatReadyAt(-100, [0, 100], limits), 400);
  t.is(chatReadyAt(-100, [0, 100, 400], limits), 500);
});
