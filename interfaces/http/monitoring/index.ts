export * from './groups-routes.ts';
export * from './servers-routes.ts';
export * from './states-routes.ts';
export * from './incidents-routes.ts';
export * from './maintenance-routes.ts';
export * from './results-routes.ts';
export * from './import-routes.ts';
