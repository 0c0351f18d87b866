/**
 * How many active employees a department has: closing one that still has any is refused. Backed by the
 * employees read model (eventually consistent: an employee registered a moment ago may not be counted yet).
 */
export interface DepartmentMembers {
  countActive(departmentId: string): Promise<number>;
}
