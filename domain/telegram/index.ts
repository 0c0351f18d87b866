export * from './telegram-role.ts';
export * from './telegram-profile.ts';
export * from './telegram-user-events.ts';
export * from './telegram-user-commands.ts';
export * from './telegram-user-decider.ts';
export * from './telegram-chat-events.ts';
export * from './telegram-chat-commands.ts';
export * from './telegram-chat-decider.ts';
