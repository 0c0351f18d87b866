export * from './audit-projector.ts';
export * from './event-summary.ts';
