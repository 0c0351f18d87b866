export * from './postgres-user-directory.ts';
