export * from './node-registry.ts';
