export * from './server-group-members.ts';
export * from './server-group-commands.ts';
export * from './maintenance-calendar.ts';
export * from './monitoring-lookups.ts';
export * from './maintenance-commands.ts';
