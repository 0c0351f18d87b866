export * from './aggregate-stream.ts';
export * from './command-handler.ts';
