export * from './api-prefix.ts';
export * from './api-router.ts';
export * from './api-feature.ts';
