export * from './audit-routes.ts';
