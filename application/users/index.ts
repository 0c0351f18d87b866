export * from './user-commands.ts';
