import test from 'ava';
import type { NewEvent, RecordedEvent } from '../../../application/ports/index.ts';
import {
  createPersonalDataCodec,
  defaultPersonalDataLenses,
} from '../../../application/personal-data/index.ts';
import type { EventMetadata } from '../../../domain/shared/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { memoryPersonalDataKeys } from './memory-personal-data-keys.ts';

// #12 point 1: Telegram profiles and actors' names are personal data, each under its person's own key.
const ADMIN_ID = 'a0000000-0000-4000-8000-00000000000a';
const byAdmin: EventMetadata = {
  ...testMetadata,
  actor: { kind: 'admin', id: ADMIN_ID, name: 'olga.smirnova' },
};
const byTelegram: EventMetadata = {
  ...testMetadata,
  actor: { kind: 'telegram', id: '4242', name: 'Пётр Сидоров' },
};

const registered: NewEvent = {
  type: 'TelegramUserRegistered',
  data: {
    telegramUserId: 4242,
    username: 'psidorov',
    firstName: 'Пётр',
    lastName: 'Сидоров',
    languageCode: 'ru',
  },
  metadata: byTelegram,
};
const approved: NewEvent = {
  type: 'TelegramAccessApproved',
  data: { telegramUserId: 4242, role: 'viewer' },
  metadata: { ...byAdmin, reason: 'заявка Сидорова №5' },
};
const counted: NewEvent = { type: 'Counted', data: { n: 1 }, metadata: testMetadata };

function setUp() {
  const keys = memoryPersonalDataKeys();
  return { keys, codec: createPersonalDataCodec({ keys, lenses: defaultPersonalDataLenses }) };
}

const record = (events: readonly NewEvent[]): RecordedEvent[] =>
  recordedLog().append('telegram-user-4242', events);

test("encrypts a Telegram user's profile and every person's name as an actor, not a terminal account's", async (t) => {
  const { codec } = setUp();
  const [r, a, c] = await codec.protect([registered, approved, counted]);
  const text = JSON.stringify([r, a]);
  for (const plain of ['Пётр', 'Сидоров', 'psidorov', 'olga.smirnova']) t.false(text.includes(plain), plain);
  t.regex(r?.metadata.actor.name ?? '', /^pd1:/);
  t.regex(a?.metadata.actor.name ?? '', /^pd1:/);
  t.like(r?.data, { telegramUserId: 4242, languageCode: 'ru' });
  t.deepEqual(c, counted);
});

test('reads the names back while the people are known', async (t) => {
  const { codec } = setUp();
  const revealed = await codec.reveal(record(await codec.protect([registered, approved, counted])));
  t.deepEqual(
    revealed.map((event) => [event.data, event.metadata]),
    [registered, approved, counted].map((event) => [event.data, event.metadata]),
  );
});

test('a forgotten Telegram user reads as null in their profile and as an actor; the admin stays known', async (t) => {
  const { codec, keys } = setUp();
  const recorded = record(await codec.protect([registered, approved]));
  t.true(await keys.forget('telegram-user-4242'));
  const [r, a] = await codec.reveal(recorded);
  t.like(r?.data, { telegramUserId: 4242, username: null, firstName: null, lastName: null });
  t.is<unknown, null>(r?.metadata.actor.name, null);
  t.is(a?.metadata.actor.name, 'olga.smirnova');
  t.false(a !== undefined && 'reason' in a.metadata, 'the reason about them goes with them');
  t.true(await keys.forget(`user-${ADMIN_ID}`));
  const [, again] = await codec.reveal(recorded);
  t.is<unknown, null>(again?.metadata.actor.name, null);
});

test('an import by one admin asks the key store once, for the people and the admin together', async (t) => {
  const { codec, keys } = setUp();
  const people = Array.from({ length: 50 }, (_, i) => ({
    type: 'EmployeeRegistered',
    data: { employeeId: `e${i}`, departmentId: null, details: { fullName: `Сотрудник ${i}` } },
    metadata: byAdmin,
  }));
  await codec.protect(people);
  t.is(keys.calls.length, 1);
  t.is(keys.calls[0]?.length, 51);
});

test('an event by a forgotten actor is written without their name, not refused', async (t) => {
  const { keys } = setUp();
  // The key store's tombstone (a forgotten person gets no new key) refuses as the real store does.
  const refusing = {
    ...keys,
    getOrCreateMany: async (subjects: readonly string[]) => {
      if (subjects.includes('telegram-user-4242')) {
        throw Object.assign(new Error('forgotten'), {
          code: 'PERSONAL_DATA.SUBJECT_FORGOTTEN',
          subjectId: 'telegram-user-4242',
        });
      }
      return keys.getOrCreateMany(subjects);
    },
  };
  const codec = createPersonalDataCodec({ keys: refusing, lenses: defaultPersonalDataLenses });
  const chat: NewEvent = { type: 'TelegramChatRegistered', data: { chatId: 1 }, metadata: byTelegram };
  const [written] = await codec.protect([chat]);
  t.is(written?.metadata.actor.name, '');
  await t.throwsAsync(codec.protect([registered]), { message: 'forgotten' });
});

test('a profile and an actor name written in plain before this release read as null once the person is forgotten', async (t) => {
  const { keys, codec } = setUp();
  // As an older release wrote them: nothing encrypted, and the person has no key.
  const written = record([registered, approved]);
  const before = await codec.reveal(written);
  t.like(before[0]?.data, { firstName: 'Пётр', username: 'psidorov' }, 'never had a key: shown as written');
  t.is(before[1]?.metadata.actor.name, 'olga.smirnova');

  await keys.forget('telegram-user-4242');
  await keys.forget(`user-${ADMIN_ID}`);
  const after = await codec.reveal(written);
  t.like(after[0]?.data, { firstName: null, lastName: null, username: null, languageCode: 'ru' });
  // Typed `string`, a forgotten actor's name reads as null (see PersonalDataLens).
  const nameOf = (event: RecordedEvent | undefined): unknown => event?.metadata.actor.name;
  t.is(nameOf(after[0]), null);
  t.is(nameOf(after[1]), null, 'a forgotten actor reads as nobody, even in plain');
  const text = JSON.stringify(after.map((event) => [event.data, event.metadata]));
  for (const plain of ['Пётр', 'Сидоров', 'psidorov', 'olga.smirnova']) t.false(text.includes(plain), plain);
});
