export * from './http-app.ts';
export * from './http-server.ts';
