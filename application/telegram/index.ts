export * from './telegram-write.ts';
export * from './telegram-user-commands.ts';
export * from './telegram-chat-commands.ts';
export * from './telegram-directory.ts';
export * from './message-log.ts';
export * from './access-decision.ts';
export * from './telegram-inbox.ts';
export * from './telegram-update-failures.ts';
