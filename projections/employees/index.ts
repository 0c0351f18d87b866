export * from './employees-projector.ts';
export * from './employees-queries.ts';
export * from './employee-search.ts';
export type {
  DepartmentsTable,
  EmployeesDatabase,
  EmployeesTable,
  WordsTable,
  WorkstationsTable,
} from './employees-tables.ts';
export { wordsOf } from './employees-tables.ts';
