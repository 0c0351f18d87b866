export * from './server-group-members.ts';
export * from './server-group-commands.ts';
