export * from './outbox-writes.ts';
export * from './access-notices-reactor.ts';
export * from './reactor-registry.ts';
