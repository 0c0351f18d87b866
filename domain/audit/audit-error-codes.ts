/** The code a read of the audit log is refused with; see `EmployeesErrorCode` for the contract. */
export type AuditErrorCode = 'AUDIT.STREAM_NOT_FOUND';
