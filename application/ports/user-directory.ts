import type { UserRole } from '../../domain/users/index.ts';

/** A user as the API shows it: never the password hash. */
export interface UserView {
  readonly userId: string;
  readonly username: string;
  readonly role: UserRole;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A user with what login checks. Stays inside the application: never logged, never answered. */
export interface UserCredentials extends UserView {
  readonly passwordHash: string;
}

/** Queries of the users read model (`core.users`). */
export interface UserDirectory {
  list(): Promise<UserView[]>;
  findById(userId: string): Promise<UserView | null>;
  /** By name, regardless of case. */
  findByUsername(username: string): Promise<UserView | null>;
  /** By name, regardless of case. */
  credentials(username: string): Promise<UserCredentials | null>;
  count(): Promise<number>;
}
