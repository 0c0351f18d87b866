export * from './record-operator-act.ts';
