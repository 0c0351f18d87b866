export * from './leased-periodic-task.ts';
