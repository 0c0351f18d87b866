export * from './settings-routes.ts';
