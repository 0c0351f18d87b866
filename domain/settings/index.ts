export * from './setting-registry.ts';
export * from './settings-events.ts';
export * from './settings-commands.ts';
export * from './settings-decider.ts';
export * from './settings-error-codes.ts';
