export * from './health-report.ts';
