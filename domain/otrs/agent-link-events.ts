import type { Event } from '../shared/index.ts';

/*
 * On `otrs-agent-link-<telegramUserId>`: a Telegram user linked to an OTRS agent. The session id OTRS gave
 * is never here (the infrastructure keeps it encrypted in a table of its own), nor the password; the login is
 * encrypted with the Telegram user's key.
 */

/** OTRS accepted the login and password; the login is claimed for this user. */
export type OtrsAgentLinked = Event<'OtrsAgentLinked', { telegramUserId: number; login: string }>;
/** OTRS ended the agent's session: the link stays, the agent is asked to log in again. */
export type OtrsAgentSessionExpired = Event<'OtrsAgentSessionExpired', { telegramUserId: number }>;
/** The agent logged in again with the same login. */
export type OtrsAgentSessionRenewed = Event<'OtrsAgentSessionRenewed', { telegramUserId: number }>;

/** Why a link ended: the agent asked (`/otrs_unlink`), an admin revoked it, or the Telegram user was forgotten. */
export type OtrsUnlinkReason = 'self' | 'revoked' | 'forgotten';
export type OtrsAgentUnlinked = Event<
  'OtrsAgentUnlinked',
  { telegramUserId: number; reason: OtrsUnlinkReason }
>;

export type OtrsAgentLinkEvent =
  OtrsAgentLinked | OtrsAgentSessionExpired | OtrsAgentSessionRenewed | OtrsAgentUnlinked;

export const OTRS_AGENT_LINK_EVENT_TYPES: readonly OtrsAgentLinkEvent['type'][] = [
  'OtrsAgentLinked',
  'OtrsAgentSessionExpired',
  'OtrsAgentSessionRenewed',
  'OtrsAgentUnlinked',
];
