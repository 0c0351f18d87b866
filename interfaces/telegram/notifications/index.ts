export * from './notice-rendering.ts';
export * from './send-failure.ts';
export * from './outbox-sender.ts';
