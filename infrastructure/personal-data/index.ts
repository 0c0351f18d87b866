export * from './master-key.ts';
export * from './resolve-master-key.ts';
export * from './postgres-personal-data-keys.ts';
export * from './pseudonyms.ts';
