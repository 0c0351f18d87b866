export * from './self-watch-readings.ts';
export * from './late-check-window.ts';
export * from './self-watch-commands.ts';
export * from './self-watch-job.ts';
