/** The codes a sign-in or a token refresh is refused with; see `EmployeesErrorCode` for the contract. */
export type AuthErrorCode = 'AUTH.UNAUTHENTICATED' | 'AUTH.RATE_LIMITED';
