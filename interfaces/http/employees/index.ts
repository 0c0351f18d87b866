export * from './employees-routes.ts';
export * from './departments-routes.ts';
export * from './workstations-routes.ts';
export * from './employees-file-routes.ts';
