/** An employee as the employees search shows them. Personal fields are `null` once the person is forgotten. */
export interface EmployeeView {
  readonly employeeId: string;
  readonly fullName: string | null;
  readonly position: string | null;
  readonly departmentId: string | null;
  readonly departmentName: string | null;
  readonly workPhone: string | null;
  readonly mobilePhone: string | null;
  readonly extension: string | null;
  readonly email: string | null;
  readonly room: string | null;
  readonly notes: string | null;
  readonly status: 'active' | 'dismissed';
  readonly forgotten: boolean;
  readonly updatedAt: string;
}

export interface WorkstationView {
  readonly workstationId: string;
  readonly hostname: string;
  readonly ip: string | null;
  readonly inventoryNumber: string | null;
}

/** An employee with the workstations they hold now. */
export interface EmployeeCard extends EmployeeView {
  readonly workstations: readonly WorkstationView[];
}

/** What made a result match, the best of its matches. */
export type MatchedBy = 'name' | 'department' | 'phone' | 'extension' | 'hostname' | 'ip';

export interface EmployeeSearchHit {
  readonly employee: EmployeeCard;
  /** Higher is better; exact matches (a phone, a host) score above 1, similar text in (0, 1]. */
  readonly score: number;
  readonly matchedBy: MatchedBy;
}

export interface PageOptions {
  /** At most `MAX_SEARCH_LIMIT`; 10 by default. */
  readonly limit?: number;
  readonly offset?: number;
}

export const MAX_SEARCH_LIMIT = 50;

/**
 * Queries of the employees read model (`employees.*`). A search takes anything a helpdesk agent types: a name
 * with typos or in the wrong layout or alphabet, a phone in any form or its last digits, an extension, a
 * workstation's host name or IP, a department; results come best match first. Forgotten people are never found.
 */
export interface EmployeeSearch {
  search(query: string, options?: PageOptions): Promise<EmployeeSearchHit[]>;
  /** Who sits at a workstation: by exact host name or IP (the bot's `/whois`). */
  whois(hostOrIp: string): Promise<EmployeeCard[]>;
  /** Active employees of a department, by name. */
  listByDepartment(departmentId: string, options?: PageOptions): Promise<EmployeeCard[]>;
  getById(employeeId: string): Promise<EmployeeCard | null>;
}
