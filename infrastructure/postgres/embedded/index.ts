export * from './embedded-postgres-server.ts';
export * from './embedded-postgres-error.ts';
export * from './free-port.ts';
