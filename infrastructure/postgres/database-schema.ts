import type { ColumnType, Generated } from 'kysely';

/**
 * The Kysely view of the tables infrastructure owns (the log, and the stores beside it), one interface per
 * table, keyed `schema.table`. Read-model tables are typed in projections/<feature>/, beside their DDL.
 */
export interface Database {
  'es.events': EventsTable;
  'es.streams': StreamsTable;
  'core.refresh_tokens': RefreshTokensTable;
  'core.personal_data_keys': PersonalDataKeysTable;
  'telegram.messages': TelegramMessagesTable;
  'cluster.nodes': ClusterNodesTable;
  'core.http_idempotency_keys': HttpIdempotencyKeysTable;
  'notifications.outbox': OutboxTable;
  'telegram.inbox': TelegramInboxTable;
  'telegram.inbox_calls': TelegramInboxCallsTable;
}

/** An int8 as pg reads it (a string: it may exceed a double), written from a number. */
type Int8 = ColumnType<string, number | string, number | string>;

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

/** `core.refresh_tokens` (migration `auth`): SHA-256 hashes of the tokens, one family per session. */
export interface RefreshTokensTable {
  token_hash: Buffer;
  family_id: string;
  user_id: string;
  issued_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

/** `core.personal_data_keys`: a wrapped data key per person, or its tombstone (both key columns null). */
export interface PersonalDataKeysTable {
  subject_id: string;
  wrapped_key: Buffer | null;
  master_key_id: string | null;
  created_at: Generated<Date>;
  forgotten_at: Date | null;
}

/** `telegram.messages` (migration `telegram-messages`): what the bot received and sent. */
export interface TelegramMessagesTable {
  id: Generated<string>;
  direction: 'in' | 'out';
  chat_id: Int8;
  message_id: Int8 | null;
  thread_id: Int8 | null;
  telegram_user_id: Int8 | null;
  update_id: Int8 | null;
  kind: string;
  text: string | null;
  at: Date;
}

/** `cluster.nodes`: the nodes that registered, with their heartbeats. */
export interface ClusterNodesTable {
  node_id: string;
  host: string;
  pid: number;
  version: string;
  roles: string[];
  started_at: Date;
  heartbeat_at: Date;
  stopped_at: Date | null;
}

/** `core.http_idempotency_keys`: an HTTP write's key, the hash of its request and the status it answered. */
export interface HttpIdempotencyKeysTable {
  key: string;
  request_hash: string;
  nonce: string;
  status: number | null;
  created_at: Generated<Date>;
}

/** `notifications.outbox` (migration `notification-outbox`): the reactors' messages, until sent. */
export interface OutboxTable {
  id: Generated<string>;
  dedupe_key: string;
  reactor: string;
  kind: string;
  chat_id: Int8;
  thread_id: Int8 | null;
  params: Record<string, unknown>;
  /** `superseded`: a newer edit of the same message was sent instead (migration `outbox-send-limits`). */
  status: Generated<'pending' | 'sent' | 'undeliverable' | 'superseded'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_by: string | null;
  claimed_until: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  done_at: Date | null;
  /** Telegram's id of the message once sent (migration `outbox-message-edits`). */
  message_id: Int8 | null;
  /** The dedupe key of the row whose message this row edits. */
  edits: string | null;
  /** The dedupe key of the row whose message this row replies to (migration `outbox-replies`). */
  replies_to: string | null;
  /** Sent without a sound (`disable_notification`; migration `outbox-silent`). */
  silent: Generated<boolean>;
}

/** `telegram.inbox` (migration `telegram-inbox`): the bot's updates, kept until handled. */
export interface TelegramInboxTable {
  bot_id: Int8;
  update_id: Int8;
  chat_key: string;
  raw: string;
  status: Generated<'pending' | 'done' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  received_at: Generated<Date>;
  next_attempt_at: Generated<Date>;
  finished_at: Date | null;
}

/** `telegram.inbox_calls`: the Bot API calls an update's handling made, replayed after a crash. */
export interface TelegramInboxCallsTable {
  bot_id: Int8;
  update_id: Int8;
  seq: number;
  method: string;
  result: string;
  sent_at: Generated<Date>;
}
