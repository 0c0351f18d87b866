export * from './aggregate-stream.ts';
export * from './command-context.ts';
export * from './command-handler.ts';
