export * from './health-report.ts';
export * from './readiness-checks.ts';
export * from './readiness-report.ts';
