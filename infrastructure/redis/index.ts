export * from './redis-connection.ts';
export * from './redis-probe.ts';
export * from './redis-unavailable.ts';
