export * from './redis-connection.ts';
export * from './redis-probe.ts';
