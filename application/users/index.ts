export * from './user-commands.ts';
export * from './forget-user.ts';
