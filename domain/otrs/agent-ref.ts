import { DomainError } from '../shared/index.ts';

/**
 * A Telegram user as an agent, as the application read them just before the command: their link's status
 * (`active` with a live OTRS session, `expired` when OTRS ended it, `none` when not linked) and, when the
 * agents seen on tickets name their login, their OTRS `UserID`.
 */
export interface OtrsAgentRef {
  readonly telegramUserId: number;
  readonly link: 'active' | 'expired' | 'none';
  readonly agentId: number | null;
}

/** Refuses an agent who is not linked (`OTRS_AGENT.NOT_LINKED`) or must log in again (`SESSION_EXPIRED`). */
export function requireActiveAgent(agent: OtrsAgentRef): void {
  const { telegramUserId } = agent;
  if (agent.link === 'none') {
    throw new DomainError('OTRS_AGENT.NOT_LINKED', 'Link your OTRS account first (/otrs_link)', {
      telegramUserId,
    });
  }
  if (agent.link === 'expired') {
    throw new DomainError('OTRS_AGENT.SESSION_EXPIRED', 'OTRS ended the session: log in again (/otrs_link)', {
      telegramUserId,
    });
  }
}
