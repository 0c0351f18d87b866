export * from './inbox-worker.ts';
export * from './receive-updates.ts';
export * from './update-chat-key.ts';
export * from './update-deliveries.ts';
