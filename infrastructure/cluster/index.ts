export * from './node-registry.ts';
export * from './live-nodes.ts';
