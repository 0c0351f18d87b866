export * from './employees-projector.ts';
