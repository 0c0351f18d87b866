/**
 * The codes the OTRS feature refuses with (its tickets and the actions on them, agent links, notes and routing
 * rules). Field errors name the field in the error's context (`field`), so an interface can point at it. The
 * OTRS client's own codes (`OTRS.AUTH_FAILED`, `OTRS.UNAVAILABLE`) are faults of a call, not refusals: they
 * are recorded in `TicketActionFailed`, not thrown from here.
 */
export type OtrsErrorCode =
  OtrsTicketErrorCode | OtrsAgentErrorCode | OtrsNoteErrorCode | OtrsRoutingErrorCode;

export type OtrsTicketErrorCode =
  | 'OTRS_TICKET.NOT_FOUND'
  | 'OTRS_TICKET.ALREADY_CLOSED'
  | 'OTRS_TICKET.TAKEN_BY_OTHER'
  | 'OTRS_TICKET.ACTION_NOT_FOUND'
  | 'OTRS_TICKET.INVALID_OBSERVATION'
  | 'OTRS_TICKET.INVALID_QUEUE'
  | 'OTRS_TICKET.INVALID_STATE';

export type OtrsAgentErrorCode =
  | 'OTRS_AGENT.NOT_LINKED'
  | 'OTRS_AGENT.SESSION_EXPIRED'
  | 'OTRS_AGENT.ALREADY_LINKED'
  | 'OTRS_AGENT.LOGIN_TAKEN'
  | 'OTRS_AGENT.INVALID_LOGIN'
  | 'OTRS_AGENT.TARGET_NOT_LINKED';

export type OtrsNoteErrorCode = 'OTRS_NOTE.EMPTY' | 'OTRS_NOTE.TOO_LONG' | 'OTRS_NOTE.INVALID_TEXT';

export type OtrsRoutingErrorCode = 'OTRS_ROUTING.INVALID_RULE' | 'OTRS_ROUTING.TOO_MANY_RULES';
