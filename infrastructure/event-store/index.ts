export * from './derived-event-id.ts';
export * from './postgres/index.ts';
