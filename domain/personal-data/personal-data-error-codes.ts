/** The code a write of a forgotten person's data is refused with; see `EmployeesErrorCode` for the contract. */
export type PersonalDataErrorCode = 'PERSONAL_DATA.SUBJECT_FORGOTTEN';
