import test from 'ava';
import {
  EVENT_DATA_REDACTIONS,
  REDACTED,
  redactEventData,
  redactedAuditEventLog,
  foldStreamState,
  streamEvolvers,
  type AuditEventLog,
} from '../../../application/audit/index.ts';
import type { NewEvent, RecordedEvent } from '../../../application/ports/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { domainEventTypes, knownEventFields } from './known-event-fields.ts';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const SECRET_LOOKING = /hash|digest|token|secret|password|session/i;

// The checker reads the domain's types once for the tests below (a second or two).
const known = knownEventFields();

test('knows every event type the domain defines, and only those', (t) => {
  t.true(known.length > 30);
  t.deepEqual(Object.keys(EVENT_DATA_REDACTIONS).sort(), known.map(({ type }) => type).sort());
  // KnownEvent lists every `Event<...>` the domain declares, in whatever file.
  t.deepEqual([...new Set(domainEventTypes())].sort(), known.map(({ type }) => type).sort());
});

test('lists under secret every field of a known event whose name looks secret', (t) => {
  const uncovered = known.flatMap(({ type, paths }) => {
    const secret: readonly string[] =
      (EVENT_DATA_REDACTIONS as Record<string, { secret?: readonly string[] }>)[type]?.secret ?? [];
    return paths
      .filter((path) => SECRET_LOOKING.test(path.split('.').pop() ?? ''))
      .filter((path) => !secret.includes(path))
      .map((path) => `${type}.${path}`);
  });
  t.deepEqual(uncovered, []);
  // The check sees the fields it is about: the two hashes are found by name.
  const hashes = known.filter(({ paths }) => paths.includes('passwordHash')).map(({ type }) => type);
  t.deepEqual(hashes.sort(), ['UserCreated', 'UserPasswordReset']);
});

test('hides a password hash from every role', (t) => {
  const data = { userId: 'u1', username: 'alice', role: 'viewer', passwordHash: HASH };
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    t.deepEqual(redactEventData('UserCreated', data, role), { ...data, passwordHash: REDACTED }, role);
    t.deepEqual(
      redactEventData('UserPasswordReset', { userId: 'u1', passwordHash: HASH }, role),
      { userId: 'u1', passwordHash: REDACTED },
      role,
    );
  }
  // The stored data is not touched.
  t.is(data.passwordHash, HASH);
});

test('hides a Telegram user’s profile and error texts from all but admins', (t) => {
  const failed = { botId: 1, updateId: 2, attempts: 5, error: 'GrammyError 400: chat not found' };
  t.deepEqual(redactEventData('TelegramUpdateFailed', failed, 'viewer'), { ...failed, error: REDACTED });
  t.deepEqual(redactEventData('TelegramUpdateFailed', failed, 'operator'), { ...failed, error: REDACTED });
  t.deepEqual(redactEventData('TelegramUpdateFailed', failed, 'admin'), failed);
});

test('shows employees to every role, and an unknown type as stored', (t) => {
  const data = { employeeId: 'e1', departmentId: null, details: { fullName: 'Иванов Иван' } };
  t.deepEqual(redactEventData('EmployeeRegistered', data, 'viewer'), data);
  const unknown = { anything: 'goes' };
  t.is(redactEventData('SomethingFromANewerTbot', unknown, 'viewer'), unknown);
});

test('hides the value of a changed setting that is a secret, by the setting registry', (t) => {
  const data = {
    changes: [
      { key: 'otrs.servicePassword', old: 'old-token', new: 'new-token' },
      { key: 'bot.welcomeText', old: 'Hi', new: 'Hello' },
    ],
  };
  t.deepEqual(redactEventData('SettingsChanged', data, 'admin'), {
    changes: [
      { key: 'otrs.servicePassword', old: REDACTED, new: REDACTED },
      { key: 'bot.welcomeText', old: 'Hi', new: 'Hello' },
    ],
  });
});

test('keeps null a null field: absence is no secret', (t) => {
  const data = { telegramUserId: 7, username: null, firstName: 'Ivan', lastName: null, languageCode: 'ru' };
  t.deepEqual(redactEventData('TelegramUserRegistered', data, 'viewer'), {
    telegramUserId: 7,
    username: null,
    firstName: REDACTED,
    lastName: null,
    languageCode: REDACTED,
  });
  t.deepEqual(redactEventData('TelegramUserRegistered', data, 'admin'), data);
});

const json = (value: unknown) =>
  JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item));

const userStream = (): RecordedEvent[] => {
  const event = (type: string, data: object): NewEvent => ({ type, data, metadata: testMetadata });
  return recordedLog().append('user-u1', [
    event('UserCreated', { userId: 'u1', username: 'alice', role: 'viewer', passwordHash: HASH }),
    event('UserPasswordReset', { userId: 'u1', passwordHash: `${HASH}2` }),
  ]);
};

test('folds a state without the hash, whatever log it is folded from', (t) => {
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    const state = foldStreamState('user-u1', userStream(), streamEvolvers, role);
    t.false(json(state).includes('$argon2'), role);
  }
  t.false(json(foldStreamState('user-u1', userStream())).includes('$argon2'));
});

test('the redacted log redacts every event it yields', async (t) => {
  const events = userStream();
  const log: AuditEventLog = {
    head: () => Promise.resolve(null),
    pages: async function* () {
      await Promise.resolve();
      yield events;
    },
    last: () => Promise.resolve(events),
    findById: () => Promise.resolve(events[0] ?? null),
    findByPosition: () => Promise.resolve(events[1] ?? null),
    streamPages: async function* () {
      await Promise.resolve();
      yield events;
    },
  };
  const redacted = redactedAuditEventLog(log, 'viewer');
  const seen: unknown[] = [await redacted.findById('x'), await redacted.findByPosition(1n)];
  seen.push(await redacted.last({}, 2, { transactionId: 1n, position: 1n }));
  for await (const page of redacted.pages({})) seen.push(page);
  for await (const page of redacted.streamPages('user-u1')) seen.push(page);
  const text = json(seen);
  t.false(text.includes('$argon2'));
  t.true(text.includes(REDACTED));
});
