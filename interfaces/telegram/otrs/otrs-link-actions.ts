import type { AgentLinkCommands } from '../../../application/otrs/index.ts';
import type { OtrsGateway } from '../../../application/ports/index.ts';

/** What `/otrs_link` and `/otrs_unlink` need, handed in by the runtime when the OTRS feature is on. */
export interface OtrsLinkActions {
  /** Checks the login and password (SessionCreate): the session is what the agent's actions use. */
  readonly gateway: Pick<OtrsGateway, 'createSession'>;
  readonly links: Pick<AgentLinkCommands, 'link' | 'unlink' | 'stateOf'>;
}
