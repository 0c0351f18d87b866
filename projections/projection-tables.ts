// The tables' physical names are shared with the projection store: they live in application/ports.
export {
  REBUILD_SUFFIX,
  liveTables,
  quoteIdentifier,
  rebuildTables,
} from '../application/ports/projection-tables.ts';
