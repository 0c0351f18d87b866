import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import type { OtrsAgentLinkEvent } from '../../../domain/otrs/index.ts';
import type { TelegramUserForgotten } from '../../../domain/telegram/index.ts';
import { otrsProjector } from '../../../projections/otrs/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const links = (t: ExecutionContext<{ database: TestDatabase }>) =>
  projectorSpec(otrsProjector, t.context.database)(t);

const at = (minute: number) => `2026-12-04T12:${String(minute).padStart(2, '0')}:00.000Z`;
const event = (e: OtrsAgentLinkEvent | TelegramUserForgotten, minute = 0): NewEvent => ({
  ...e,
  metadata: { ...testMetadata, occurredAt: at(minute) },
});
const SQL = `select telegram_user_id, login, status, linked_at, updated_at from otrs.links
  order by telegram_user_id`;

test('a link, its session expired then renewed; an unlink removes it', async (t) => {
  const log = recordedLog();
  await links(t)
    .given(
      log.append('otrs-agent-link-31', [
        event({ type: 'OtrsAgentLinked', data: { telegramUserId: 31, login: 'anna' } }),
        event({ type: 'OtrsAgentSessionExpired', data: { telegramUserId: 31 } }, 1),
      ]),
    )
    .thenRows(SQL, [
      {
        telegram_user_id: '31',
        login: 'anna',
        status: 'expired',
        linked_at: new Date(at(0)),
        updated_at: new Date(at(1)),
      },
    ]);
  await links(t)
    .given([
      ...log.append('otrs-agent-link-32', [
        event({ type: 'OtrsAgentLinked', data: { telegramUserId: 32, login: 'boris' } }),
        event({ type: 'OtrsAgentSessionExpired', data: { telegramUserId: 32 } }, 1),
        event({ type: 'OtrsAgentSessionRenewed', data: { telegramUserId: 32 } }, 2),
      ]),
      ...log.append('otrs-agent-link-33', [
        event({ type: 'OtrsAgentLinked', data: { telegramUserId: 33, login: 'vera' } }),
      ]),
    ])
    .when(
      log.append('otrs-agent-link-33', [
        event({ type: 'OtrsAgentUnlinked', data: { telegramUserId: 33, reason: 'revoked' } }, 3),
      ]),
    )
    .thenRows(`select telegram_user_id, status from otrs.links order by telegram_user_id`, [
      { telegram_user_id: '32', status: 'active' },
    ]);
});

test('a forgotten user keeps no row, and a link read after the forget (login null) makes none', async (t) => {
  const log = recordedLog();
  await links(t)
    .given(
      log.append('otrs-agent-link-34', [
        event({ type: 'OtrsAgentLinked', data: { telegramUserId: 34, login: 'gleb' } }),
      ]),
    )
    .when([
      ...log.append('telegram-user-34', [
        event({ type: 'TelegramUserForgotten', data: { telegramUserId: 34 } }),
      ]),
      ...log.append('otrs-agent-link-35', [
        event({ type: 'OtrsAgentLinked', data: { telegramUserId: 35, login: null as unknown as string } }),
      ]),
    ])
    .thenRows(SQL, []);
});
