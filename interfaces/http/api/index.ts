export * from './api-router.ts';
