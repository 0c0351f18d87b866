export * from './checkpoint.ts';
export * from './clock.ts';
export * from './event-store.ts';
export * from './event-store-errors.ts';
export * from './id-generator.ts';
export * from './upcaster.ts';
export * from './lease.ts';
export * from './logger.ts';
