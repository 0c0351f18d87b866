export * from './lease-poller.ts';
