export * from './access-gate.ts';
export * from './access-feature.ts';
export * from './access-decision-notice.ts';
