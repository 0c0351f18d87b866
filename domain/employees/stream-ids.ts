/** The stream of one department. */
export const departmentStreamId = (departmentId: string): string => `department-${departmentId}`;

/** The stream of one employee. */
export const employeeStreamId = (employeeId: string): string => `employee-${employeeId}`;

/** The stream of one workstation. */
export const workstationStreamId = (workstationId: string): string => `workstation-${workstationId}`;

/**
 * The claim stream of a host name: who holds it now. The name must already be normalised (lower case, see
 * `normalizeHostname`), so that `PC-01` and `pc-01` are one claim.
 */
export const hostnameStreamId = (hostname: string): string => `workstation-hostname-${hostname}`;
