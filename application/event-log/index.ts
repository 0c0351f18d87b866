export * from './record-log-act.ts';
