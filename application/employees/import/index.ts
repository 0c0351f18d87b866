export * from './import-report.ts';
export * from './employee-import.ts';
export { planImport, type ImportPlan, type ImportPlanInput } from './plan-import.ts';
export { streamWorkspace, type StreamWorkspace } from './stream-workspace.ts';
export { loadEmployeesSnapshot, type EmployeesIds } from './employees-snapshot.ts';
export * from './header-aliases-setting.ts';
