export * from './routing-routes.ts';
