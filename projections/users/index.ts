export * from './users-projector.ts';
