export * from './metrics-routes.ts';
