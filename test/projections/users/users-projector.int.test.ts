import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import type { UserEvent } from '../../../domain/users/index.ts';
import { usersProjector } from '../../../projections/users/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
}

const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.database = await createTestDatabase();
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const users = (t: ExecutionContext<Context>) => projectorSpec(usersProjector, t.context.database)(t);

const anna = 'a0000000-0000-4000-8000-000000000001';
const boris = 'b0000000-0000-4000-8000-000000000002';
const at = (minute: number) => ({
  ...testMetadata,
  occurredAt: `2026-11-24T12:${String(minute).padStart(2, '0')}:00.000Z`,
});
const event = (e: UserEvent, minute = 0): NewEvent => ({ ...e, metadata: at(minute) });
const created = (userId: string, username: string, minute = 0) =>
  event(
    { type: 'UserCreated', data: { userId, username, role: 'viewer', passwordHash: `hash-${username}` } },
    minute,
  );

const SELECT = `select user_id, username, role, disabled, password_hash, created_at, updated_at
                from core.users order by username`;

test('adds a row per created user', async (t) => {
  const log = recordedLog();
  await users(t)
    .given([
      ...log.append(`user-${anna}`, [created(anna, 'anna')]),
      ...log.append(`user-${boris}`, [created(boris, 'boris', 1)]),
    ])
    .thenRows(SELECT, [
      {
        user_id: anna,
        username: 'anna',
        role: 'viewer',
        disabled: false,
        password_hash: 'hash-anna',
        created_at: new Date('2026-11-24T12:00:00.000Z'),
        updated_at: new Date('2026-11-24T12:00:00.000Z'),
      },
      {
        user_id: boris,
        username: 'boris',
        role: 'viewer',
        disabled: false,
        password_hash: 'hash-boris',
        created_at: new Date('2026-11-24T12:01:00.000Z'),
        updated_at: new Date('2026-11-24T12:01:00.000Z'),
      },
    ]);
});

test('follows role changes, password resets and disabling', async (t) => {
  const log = recordedLog();
  const stream = `user-${anna}`;
  await users(t)
    .given(log.append(stream, [created(anna, 'anna')]))
    .when(
      log.append(stream, [
        event({ type: 'UserRoleChanged', data: { userId: anna, from: 'viewer', to: 'admin' } }, 1),
        event({ type: 'UserPasswordReset', data: { userId: anna, passwordHash: 'hash-2' } }, 2),
        event({ type: 'UserDisabled', data: { userId: anna } }, 3),
      ]),
    )
    .thenRows('select role, disabled, password_hash, updated_at from core.users', [
      {
        role: 'admin',
        disabled: true,
        password_hash: 'hash-2',
        updated_at: new Date('2026-11-24T12:03:00.000Z'),
      },
    ]);
});

test('enables a disabled user again, keeping the rest of the row', async (t) => {
  const log = recordedLog();
  const stream = `user-${anna}`;
  await users(t)
    .given(
      log.append(stream, [created(anna, 'anna'), event({ type: 'UserDisabled', data: { userId: anna } }, 1)]),
    )
    .when(log.append(stream, [event({ type: 'UserEnabled', data: { userId: anna } }, 2)]))
    .thenRows('select role, disabled, password_hash, created_at, updated_at from core.users', [
      {
        role: 'viewer',
        disabled: false,
        password_hash: 'hash-anna',
        created_at: new Date('2026-11-24T12:00:00.000Z'),
        updated_at: new Date('2026-11-24T12:02:00.000Z'),
      },
    ]);
});

test('refuses a second user of the same name in any case', async (t) => {
  const log = recordedLog();
  await users(t)
    .given([
      ...log.append(`user-${anna}`, [created(anna, 'anna')]),
      ...log.append(`user-${boris}`, [created(boris, 'ANNA')]),
    ])
    .thenThrows({ code: '23505' });
});

test('ignores events of other streams', async (t) => {
  await users(t)
    .given(recordedLog().append('test-1', [{ type: 'Counted', data: {}, metadata: testMetadata }]))
    .thenRows('select count(*)::int as n from core.users', [{ n: 0 }]);
});
