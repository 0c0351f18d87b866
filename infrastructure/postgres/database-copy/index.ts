export * from './copy-tables.ts';
export * from './copy-table.ts';
export * from './copy-target.ts';
export * from './copy-snapshot.ts';
