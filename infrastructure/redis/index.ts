export * from './redis-connection.ts';
