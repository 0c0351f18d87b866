/** The codes the users feature (the web admin's accounts) refuses with; see `EmployeesErrorCode` for the contract. */
export type UsersErrorCode =
  | 'USER.NOT_FOUND'
  | 'USER.ALREADY_EXISTS'
  | 'USER.DISABLED'
  | 'USER.ALREADY_ENABLED'
  | 'USER.NOT_DISABLED'
  | 'USER.REASON_REQUIRED'
  | 'USER.PASSWORD_INVALID'
  | 'USER.USERNAME_ALREADY_EXISTS'
  | 'USER.USERNAME_LOOKALIKE_TAKEN'
  | 'USER.USERNAME_MIXED_SCRIPTS';
