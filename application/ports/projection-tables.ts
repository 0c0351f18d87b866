import type { ProjectionTables, Projector } from './projector.ts';

/** Suffix of the tables a rebuild fills beside the live ones. */
export const REBUILD_SUFFIX = '__rebuild';

/** Quotes an SQL identifier (a table or index name). */
export const quoteIdentifier = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

function tablesWithSuffix(projector: Projector, suffix: string): ProjectionTables {
  const known = new Set(projector.tables);
  const rawName = (logicalName: string) => {
    // A typo here would write outside the projector's own tables: refuse it.
    if (!known.has(logicalName))
      throw new Error(`Projector ${projector.name} does not own table ${logicalName}`);
    return `${logicalName}${suffix}`;
  };
  return {
    rawName,
    table: (logicalName) => `${quoteIdentifier(projector.schema)}.${quoteIdentifier(rawName(logicalName))}`,
  };
}

/** The tables queries read. */
export const liveTables = (projector: Projector): ProjectionTables => tablesWithSuffix(projector, '');

/** The tables a rebuild writes while the live ones keep serving. */
export const rebuildTables = (projector: Projector): ProjectionTables =>
  tablesWithSuffix(projector, REBUILD_SUFFIX);
