/**
 * The Kysely view of TBot's tables, one interface per table, keyed `schema.table`. Read-model tables are
 * added here by the capabilities that own them.
 */
export interface Database {
  'es.events': EventsTable;
  'es.streams': StreamsTable;
}

/** `es.events`, the log: int8 and xid8 columns read as strings (they may exceed a double). */
export interface EventsTable {
  position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
}

export interface StreamsTable {
  stream_id: string;
  revision: string;
}
