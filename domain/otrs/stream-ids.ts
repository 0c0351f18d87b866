/** The stream of one OTRS ticket (OTRS's `TicketID`): what TBot saw of it and what agents asked of it. */
export const otrsTicketStreamId = (ticketId: number): string => `otrs-ticket-${ticketId}`;

/** The link stream of one Telegram user: which OTRS agent login they are, if any. */
export const otrsAgentLinkStreamId = (telegramUserId: number): string => `otrs-agent-link-${telegramUserId}`;

/**
 * The claim stream of an agent login: which Telegram user holds it. `claimKey` is a keyed hash of the login's
 * key (`OtrsLoginClaimKeys`), never the login: a stream id outlives a forget, and must not spell a person.
 */
export const otrsAgentLoginStreamId = (claimKey: string): string => `otrs-agent-login-${claimKey}`;

/** The stream of one OTRS agent as tickets name them (OTRS's `UserID`): the login seen for that id. */
export const otrsAgentStreamId = (agentId: number): string => `otrs-agent-${agentId}`;

/** The one stream of the ticket routing rules (settings-like: each version whole, with its actor). */
export const OTRS_ROUTING_STREAM_ID = 'otrs-routing';
