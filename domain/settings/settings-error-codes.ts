/** The code a change of settings is refused with; see `EmployeesErrorCode` for the contract. */
export type SettingsErrorCode = 'SETTINGS.INVALID';
