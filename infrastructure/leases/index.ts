export * from './memory-lease-manager.ts';
export * from './redis-lease-manager.ts';
