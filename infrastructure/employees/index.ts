export * from './postgres-employee-search.ts';
export * from './postgres-directory-queries.ts';
