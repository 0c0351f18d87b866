export * from './http-app.ts';
export * from './http-server.ts';
export * from './problem.ts';
export * from './request-input.ts';
export * from './json-body.ts';
export * from './rate-limit.ts';
