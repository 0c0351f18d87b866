export * from './postgres-message-log.ts';
export * from './postgres-telegram-inbox.ts';
export * from './postgres-telegram-user-traces.ts';
export * from './postgres-chat-conversations.ts';
