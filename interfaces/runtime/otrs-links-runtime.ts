import type { Kysely } from 'kysely';
import type pg from 'pg';
import { type OtrsLoginClaimKeys, makeAgentLinkCommands } from '../../application/otrs/index.ts';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';
import type { Checkpoint, EventStore } from '../../application/ports/index.ts';
import { postgresOtrsAgentSessions } from '../../infrastructure/otrs/index.ts';
import { type ProjectionStore, waitForProjection } from '../../projections/index.ts';
import { otrsAgentLinksProjector } from '../../projections/otrs/agent-links-projector.ts';
import { otrsAgentLinkQueries } from '../../projections/otrs/agent-links-queries.ts';
import type { OtrsAgentLinksDatabase } from '../../projections/otrs/agent-links-tables.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { otrsLinksRoutes } from '../http/otrs/otrs-links-routes.ts';

/** How long a revocation waits for the links read model before it answers 202. */
const LINKS_READ_YOUR_WRITES_MS = 5_000;

export interface OtrsLinksRuntimeDeps {
  readonly db: Kysely<OtrsAgentLinksDatabase>;
  readonly eventStore: EventStore;
  readonly pool: pg.Pool;
  readonly personalDataKeys: PersonalDataKeys;
  readonly projectionStore: ProjectionStore;
  readonly claimKeys: OtrsLoginClaimKeys;
}

/** `/api/v1/otrs/links`: the admins' list and revocation of agent links (no call to OTRS is made). */
export function openOtrsLinksRoutes(deps: OtrsLinksRuntimeDeps): ApiFeature {
  const sessions = postgresOtrsAgentSessions({ pool: deps.pool, keys: deps.personalDataKeys });
  return otrsLinksRoutes({
    links: makeAgentLinkCommands({ store: deps.eventStore, sessions, claimKeys: deps.claimKeys }),
    queries: otrsAgentLinkQueries(deps.db),
    waitForLinks: (checkpoint: Checkpoint) =>
      waitForProjection(
        deps.projectionStore,
        otrsAgentLinksProjector.name,
        checkpoint,
        LINKS_READ_YOUR_WRITES_MS,
      ),
  });
}
