import type { Kysely } from 'kysely';
import type pg from 'pg';
import { type OtrsLoginClaimKeys, makeAgentLinkCommands } from '../../application/otrs/index.ts';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';
import type { Checkpoint, EventStore } from '../../application/ports/index.ts';
import { postgresOtrsAgentSessions } from '../../infrastructure/otrs/index.ts';
import { type ProjectionStore, waitForProjection } from '../../projections/index.ts';
import { type OtrsDatabase, otrsAgentLinkQueries, otrsProjector } from '../../projections/otrs/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { otrsLinksRoutes } from '../http/otrs/otrs-links-routes.ts';

/** How long a revocation waits for the OTRS read model (its `otrs.links`) before it answers 202. */
const LINKS_READ_YOUR_WRITES_MS = 5_000;

export interface OtrsLinksRuntimeDeps {
  readonly db: Kysely<OtrsDatabase>;
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
      waitForProjection(deps.projectionStore, otrsProjector.name, checkpoint, LINKS_READ_YOUR_WRITES_MS),
  });
}
