export * from './bot-context.ts';
export * from './bot-deps.ts';
export * from './callback-data.ts';
export * from './create-bot.ts';
export * from './outgoing-api.ts';
export * from './telegram-limits.ts';
