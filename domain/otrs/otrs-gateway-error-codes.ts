/**
 * The codes a call to OTRS fails with (the OTRS client of `infrastructure/otrs/`), whatever the operation:
 * - `OTRS.AUTH_FAILED`: the login and password were refused (SessionCreate, or a call made with them);
 * - `OTRS.SESSION_EXPIRED`: a session id was refused: OTRS ended the session (idle or too old), the agent
 *   must log in again;
 * - `OTRS.TICKET_NOT_FOUND`: no such ticket, or one the agent may not see (OTRS does not tell them apart);
 * - `OTRS.UNAVAILABLE`: OTRS did not answer as a web service (down, too slow, a dropped connection, an HTML
 *   page from a proxy, the client's circuit open): try later;
 * - `OTRS.REFUSED`: OTRS refused the operation for another reason, its own message in the error's context.
 */
export type OtrsGatewayErrorCode =
  'OTRS.AUTH_FAILED' | 'OTRS.SESSION_EXPIRED' | 'OTRS.TICKET_NOT_FOUND' | 'OTRS.UNAVAILABLE' | 'OTRS.REFUSED';
