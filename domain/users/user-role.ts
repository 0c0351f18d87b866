/** What a web-admin user may do: `admin` everything, `operator` day-to-day changes, `viewer` read only. */
export const USER_ROLES = ['admin', 'operator', 'viewer'] as const;

export type UserRole = (typeof USER_ROLES)[number];

export const isUserRole = (value: unknown): value is UserRole =>
  typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
