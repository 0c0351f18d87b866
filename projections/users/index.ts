export * from './users-projector.ts';
export { type UsersDatabase, type UsersTable, createUsersTables } from './users-tables.ts';
export * from './user-directory-queries.ts';
