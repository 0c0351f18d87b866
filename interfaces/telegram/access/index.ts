export * from './access-gate.ts';
export * from './access-feature.ts';
