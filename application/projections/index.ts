export * from './record-operator-act.ts';
export * from './failure-summary.ts';
