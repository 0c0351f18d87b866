export * from './database.ts';
export type * from './database-schema.ts';
export * from './migrator.ts';
