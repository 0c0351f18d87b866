import type pg from 'pg';
import {
  type TicketActionRunner,
  makeTicketActionRequests,
  makeTicketActionRunner,
} from '../../application/otrs/index.ts';
import type { CommandContext } from '../../application/commands/index.ts';
import {
  agentsOf,
  escalationWarnSecondsOf,
  makeOtrsAgentCommands,
  ticketSubjectOf,
  toTicketSnapshot,
} from '../../application/otrs/feed/index.ts';
import { makeTicketCommands } from '../../application/otrs/index.ts';
import { otrsAgentSubject } from '../../domain/otrs/index.ts';
import type { OtrsCustomerKeys, OtrsLoginClaimKeys } from '../../application/otrs/index.ts';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';
import {
  type Clock,
  type EventStore,
  type Logger,
  type OtrsAgentSessions,
  type OtrsGateway,
  type OtrsTicket,
  systemClock,
} from '../../application/ports/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import { postgresOtrsActionQueue, postgresOtrsAgentSessions } from '../../infrastructure/otrs/index.ts';
import type { OtrsBotActions, OtrsReassignTargets } from '../telegram/otrs/otrs-bot-actions.ts';
import { type OtrsActionWorkerOptions, startOtrsActionWorker } from './otrs-action-worker.ts';

/** One of several appends of one write, keyed apart (`<key>:<part>`). */
const keyPart = (write: CommandContext, part: string) =>
  write.idempotencyKey === undefined ? {} : { idempotencyKey: `${write.idempotencyKey}:${part}` };

export interface OtrsActionsDeps {
  /** The node's one OTRS client (`openOtrsRuntime(...).gateway`). */
  readonly gateway: OtrsGateway;
  readonly pool: pg.Pool;
  readonly eventStore: EventStore;
  /** Decrypt the agents' sessions (each under its Telegram user's key). */
  readonly personalDataKeys: PersonalDataKeys;
  /** The feed's customer keys (`otrsCustomerKeys(masterKey)`): a refreshed ticket is encrypted as the feed's. */
  readonly customerKeys: OtrsCustomerKeys;
  /** `otrsLoginClaimKeys(masterKey)`: the links the actions read and expire name their claims so. */
  readonly claimKeys: OtrsLoginClaimKeys;
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
  /** The OTRS read model: a ticket number's TicketID, a linked user's OTRS UserID. */
  readonly ticketIdOfNumber: (number: string) => Promise<number | null>;
  readonly agentIdOf?: (telegramUserId: number) => Promise<number | null>;
  readonly nodeId: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Tests shorten these. */
  readonly worker?: Partial<OtrsActionWorkerOptions>;
  readonly answerWaitMs?: number;
  /** Whom the card's "Reassign" button offers (`otrsReassignTargets(db)`); absent: it explains `/reassign`. */
  readonly reassignTargets?: OtrsReassignTargets;
  /** Another store of the sessions (tests); the PostgreSQL one by default. */
  readonly sessions?: OtrsAgentSessions;
}

export interface OtrsActions {
  /** For `startTelegramBot({ otrsActions })`, which keeps the note drafts in the bot's conversations. */
  readonly bot: Omit<OtrsBotActions, 'drafts'>;
  readonly runner: TicketActionRunner;
  /** The action worker of this node (a node with the `workers` role): claims and makes queued actions. */
  startWorker(): { stop(): Promise<void> };
}

/**
 * OTRS actions from Telegram (#16) on a node with OTRS on: what the bot asks with (the requests; the note
 * drafts are the bot's conversations) and the worker that makes the actions with each agent's session. The actions reactor
 * (`otrs-actions`) is a projection and runs with the others.
 */
export function openOtrsActions(deps: OtrsActionsDeps): OtrsActions {
  const { pool, eventStore: store, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const sessions = deps.sessions ?? postgresOtrsAgentSessions({ pool, keys: deps.personalDataKeys });
  const warnBeforeSeconds = escalationWarnSecondsOf(deps.settings);

  const tickets = makeTicketCommands(store);
  const agents = makeOtrsAgentCommands(store);
  // As the feed records a ticket (its `recordOne`), read with the agent's session: the agents it names first
  // (so the read model can tell the new owner), then the ticket under the same subject; a forgotten person's
  // texts are left out.
  const recordTicket = async (ticket: OtrsTicket, write: CommandContext) => {
    const subject = ticketSubjectOf(ticket, deps.customerKeys);
    const seen = agentsOf(ticket);
    const forgotten = await deps.personalDataKeys.forgottenAmong([
      subject,
      ...seen.map((a) => otrsAgentSubject(a.agentId)),
    ]);
    for (const agent of seen) {
      if (!forgotten.has(otrsAgentSubject(agent.agentId))) {
        await agents.run(
          { type: 'RecordOtrsAgentSeen', data: agent },
          { ...write, ...keyPart(write, `agent-${agent.agentId}`) },
        );
      }
    }
    const snapshot = toTicketSnapshot(ticket, forgotten.has(subject) ? null : subject);
    await tickets.run(
      { type: 'RecordTicketObservation', data: { snapshot, warnBeforeSeconds: warnBeforeSeconds() } },
      write,
    );
  };
  const runner = makeTicketActionRunner({
    store,
    gateway: deps.gateway,
    sessions,
    claimKeys: deps.claimKeys,
    clock,
    logger,
    recordTicket,
  });
  const requests = makeTicketActionRequests({
    store,
    sessions,
    claimKeys: deps.claimKeys,
    ...(deps.agentIdOf ? { agentIdOf: deps.agentIdOf } : {}),
  });
  return {
    bot: {
      requests,
      ticketIdOfNumber: deps.ticketIdOfNumber,
      ...(deps.answerWaitMs === undefined ? {} : { answerWaitMs: deps.answerWaitMs }),
      ...(deps.reassignTargets ? { reassignTargets: deps.reassignTargets } : {}),
    },
    runner,
    startWorker: () =>
      startOtrsActionWorker({
        queue: postgresOtrsActionQueue(pool),
        runner,
        nodeId: deps.nodeId,
        logger,
        ...(deps.worker ? { options: deps.worker } : {}),
      }),
  };
}

/** The read model's answers the actions ask: a ticket number's TicketID, a linked user's OTRS UserID. */
export function otrsActionReads(queries: {
  ticketByNumber(number: string): Promise<{ readonly ticketId: number } | null>;
  agentIdOfTelegramUser(telegramUserId: number): Promise<number | null>;
}): Pick<OtrsActionsDeps, 'ticketIdOfNumber' | 'agentIdOf'> {
  return {
    ticketIdOfNumber: async (number) => (await queries.ticketByNumber(number))?.ticketId ?? null,
    agentIdOf: (telegramUserId) => queries.agentIdOfTelegramUser(telegramUserId),
  };
}
