export * from './self-watch-readings.ts';
export * from './counter-window.ts';
export * from './self-watch-commands.ts';
export * from './self-watch-job.ts';
