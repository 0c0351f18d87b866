import type { Logger } from 'pino';
import type pg from 'pg';
import { type PersonalDataKeys, makeForgetPerson } from '../../application/personal-data/index.ts';
import type { EventStore } from '../../application/ports/index.ts';
import { makeAgentLinkCommands } from '../../application/otrs/index.ts';
import { makeForgetTelegramUser, makeTelegramUserCommands } from '../../application/telegram/index.ts';
import { otrsLoginClaimKeys, postgresOtrsAgentSessions } from '../../infrastructure/otrs/index.ts';
import type { MasterKey } from '../../infrastructure/personal-data/index.ts';
import { postgresTelegramUserTraces } from '../../infrastructure/telegram/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { telegramForgetRoutes } from '../http/telegram/index.ts';
import { logForgetFollowUp } from './forget-follow-up-log.ts';

export interface TelegramForgettingDeps {
  readonly pool: pg.Pool;
  readonly eventStore: EventStore;
  readonly personalDataKeys: PersonalDataKeys;
  /** Names the login claims the unlink releases. */
  readonly masterKey: MasterKey;
  readonly logger: Logger;
}

/**
 * The forgetting of a Telegram user, as the API and `tbot telegram forget` run it. Their OTRS link is ended
 * whether the OTRS feature is on or not: a link made while it was on outlives turning it off (its login claim,
 * its session row), and for someone never linked the unlink reads one empty stream and writes nothing.
 */
export function makeTelegramForgetting(deps: TelegramForgettingDeps) {
  const store = deps.eventStore;
  const sessions = postgresOtrsAgentSessions({ pool: deps.pool, keys: deps.personalDataKeys });
  return makeForgetTelegramUser({
    // The admin ids only matter to a first contact, which a forget never is.
    users: makeTelegramUserCommands({ store, adminIds: new Set() }),
    forgetPerson: makeForgetPerson({ keys: deps.personalDataKeys }),
    traces: postgresTelegramUserTraces(deps.pool),
    otrsAgents: makeAgentLinkCommands({ store, sessions, claimKeys: otrsLoginClaimKeys(deps.masterKey) }),
    onFollowUpFailed: logForgetFollowUp(deps.logger),
  });
}

/** `POST /api/v1/telegram/users/:id/forget`. */
export function openTelegramForgetRoutes(deps: TelegramForgettingDeps): ApiFeature {
  return telegramForgetRoutes({ forgetTelegramUser: makeTelegramForgetting(deps) });
}
