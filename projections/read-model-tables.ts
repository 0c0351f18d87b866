import { REBUILD_SUFFIX } from '../application/ports/projection-tables.ts';
import type { Projector } from '../application/ports/projector.ts';

/**
 * Every table the projectors own, live and rebuild (`schema.table`): derived from the log, so a copy of the
 * database leaves them out and a renumber of the log empties them.
 */
export function readModelTables(projectors: readonly Projector[]): string[] {
  return projectors.flatMap((projector) =>
    projector.tables.flatMap((table) => [
      `${projector.schema}.${table}`,
      `${projector.schema}.${table}${REBUILD_SUFFIX}`,
    ]),
  );
}
