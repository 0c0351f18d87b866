export * from './employee-fields.ts';
export * from './department-events.ts';
export * from './employee-events.ts';
export * from './workstation-events.ts';
