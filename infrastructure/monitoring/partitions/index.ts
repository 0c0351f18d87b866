export * from './partition-holder.ts';
export * from './partition-claims.ts';
export * from './live-node-count.ts';
