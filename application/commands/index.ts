export * from './command-handler.ts';
