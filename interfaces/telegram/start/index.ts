export * from './start-feature.ts';
