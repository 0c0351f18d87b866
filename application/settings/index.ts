export * from './settings-commands.ts';
export * from './settings-view.ts';
