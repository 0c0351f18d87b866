export * from './user-role.ts';
export * from './user-events.ts';
export * from './user-commands.ts';
export * from './user-decider.ts';
export * from './username-scripts.ts';
export * from './users-error-codes.ts';
