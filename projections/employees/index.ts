export * from './employees-projector.ts';
export { wordsOf } from './employees-tables.ts';
