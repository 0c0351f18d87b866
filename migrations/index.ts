import type { Migration, MigrationProvider } from 'kysely';
import * as schemas from './2026-11-24T19-00-00_schemas.ts';
import * as eventStore from './2026-11-24T19-10-00_event-store.ts';
import * as projectionsAndCluster from './2026-11-24T20-00-00_projections-and-cluster.ts';
import * as auth from './2026-11-24T21-00-00_auth.ts';
import * as directorySearch from './2026-11-24T22-00-00_directory-search.ts';
import * as personalDataKeys from './2026-11-24T22-10-00_personal-data-keys.ts';
import * as multiStreamAppend from './2026-11-24T22-20-00_event-store-multi-stream-append.ts';
import * as telegramMessages from './2026-11-24T23-00-00_telegram-messages.ts';
import * as bulkNewStreams from './2026-11-24T23-10-00_event-store-bulk-new-streams.ts';
import * as appenderLock from './2026-12-02T08-40-00_event-store-appender-lock.ts';
import * as httpIdempotencyKeys from './2026-12-02T08-50-00_http-idempotency-keys.ts';
import * as telegramInbox from './2026-12-02T09-20-00_telegram-inbox.ts';
import * as notificationOutbox from './2026-12-02T09-30-00_notification-outbox.ts';
import * as personalDataKeyTombstones from './2026-12-02T14-10-00_personal-data-key-tombstones.ts';
import * as parkedErrorSummaries from './2026-12-02T14-10-10_parked-error-summaries.ts';
import * as checkResults from './2026-12-03T07-00-00_check-results-and-scheduler-partitions.ts';
import * as outboxMessageEdits from './2026-12-03T07-30-00_outbox-message-edits.ts';
import * as outboxReplies from './2026-12-03T08-10-00_outbox-replies.ts';
import * as outboxEditChains from './2026-12-04T01-00-00_outbox-edit-chains.ts';
import * as outboxMessageCopies from './2026-12-04T01-10-00_outbox-message-copies.ts';
import * as outboxSilent from './2026-12-04T01-20-00_outbox-silent.ts';
import * as outboxSendLimits from './2026-12-06T12-00-00_outbox-send-limits.ts';
import * as checkResultsInMaintenance from './2026-12-04T09-00-00_check-results-in-maintenance.ts';
import * as otrsAgentSessions from './2026-12-04T10-00-00_otrs-agent-sessions.ts';
import * as otrsFeedWatermark from './2026-12-04T10-10-00_otrs-feed-watermark.ts';
import * as telegramConversations from './2026-12-04T10-20-00_telegram-conversations.ts';
// OTRS actions (#16).
import * as otrsActions from './2026-12-04T10-50-00_otrs-actions.ts';
// OTRS linking (#16): one conversation step per user, late passwords.
import * as conversationChats from './2026-12-06T10-00-00_conversation-chats.ts';
import * as noteDraftsInConversations from './2026-12-06T10-10-00_note-drafts-in-conversations.ts';
// One read model of OTRS agent links (#16).
import * as otrsDropAgentLinks from './2026-12-06T14-00-00_otrs-drop-agent-links.ts';

/**
 * Every migration, by its timestamp-prefixed name. Listed explicitly rather than read from the folder, so
 * that the set is the same wherever TBot runs from.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026-11-24T19-00-00_schemas': schemas,
  '2026-11-24T19-10-00_event-store': eventStore,
  '2026-11-24T20-00-00_projections-and-cluster': projectionsAndCluster,
  '2026-11-24T21-00-00_auth': auth,
  '2026-11-24T22-00-00_directory-search': directorySearch,
  '2026-11-24T22-10-00_personal-data-keys': personalDataKeys,
  '2026-11-24T22-20-00_event-store-multi-stream-append': multiStreamAppend,
  '2026-11-24T23-00-00_telegram-messages': telegramMessages,
  '2026-11-24T23-10-00_event-store-bulk-new-streams': bulkNewStreams,
  '2026-12-02T08-40-00_event-store-appender-lock': appenderLock,
  '2026-12-02T08-50-00_http-idempotency-keys': httpIdempotencyKeys,
  '2026-12-02T09-20-00_telegram-inbox': telegramInbox,
  '2026-12-02T09-30-00_notification-outbox': notificationOutbox,
  '2026-12-02T14-10-00_personal-data-key-tombstones': personalDataKeyTombstones,
  '2026-12-02T14-10-10_parked-error-summaries': parkedErrorSummaries,
  '2026-12-03T07-00-00_check-results-and-scheduler-partitions': checkResults,
  '2026-12-03T07-30-00_outbox-message-edits': outboxMessageEdits,
  '2026-12-03T08-10-00_outbox-replies': outboxReplies,
  '2026-12-04T01-00-00_outbox-edit-chains': outboxEditChains,
  '2026-12-04T01-10-00_outbox-message-copies': outboxMessageCopies,
  '2026-12-04T01-20-00_outbox-silent': outboxSilent,
  '2026-12-04T09-00-00_check-results-in-maintenance': checkResultsInMaintenance,
  '2026-12-04T10-00-00_otrs-agent-sessions': otrsAgentSessions,
  '2026-12-04T10-10-00_otrs-feed-watermark': otrsFeedWatermark,
  '2026-12-04T10-20-00_telegram-conversations': telegramConversations,
  // OTRS actions (#16).
  '2026-12-04T10-50-00_otrs-actions': otrsActions,
  '2026-12-06T10-00-00_conversation-chats': conversationChats,
  '2026-12-06T10-10-00_note-drafts-in-conversations': noteDraftsInConversations,
  // One read model of OTRS agent links (#16).
  '2026-12-06T14-00-00_otrs-drop-agent-links': otrsDropAgentLinks,
  // Notification sends within Telegram's limits across nodes, coalesced card edits (#16).
  '2026-12-06T12-00-00_outbox-send-limits': outboxSendLimits,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...migrations }),
};
