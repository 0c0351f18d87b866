export * from './concurrency-limited-probe.ts';
export * from './dispatching-probe.ts';
export * from './dns-probe.ts';
export * from './http-probe.ts';
export * from './name-lookup.ts';
export * from './ping-probe.ts';
export * from './tcp-probe.ts';
