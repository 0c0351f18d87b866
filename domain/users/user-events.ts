import type { Event } from '../shared/index.ts';
import type { UserRole } from './user-role.ts';

// `passwordHash` is a salted argon2id hash (PHC string), never the password: DESIGN.md keeps secrets out of
// events, and a slow salted hash is not one in that sense. It must still never be logged or answered by the API.
export type UserCreated = Event<
  'UserCreated',
  { userId: string; username: string; role: UserRole; passwordHash: string }
>;
export type UserRoleChanged = Event<'UserRoleChanged', { userId: string; from: UserRole; to: UserRole }>;
export type UserDisabled = Event<'UserDisabled', { userId: string }>;
export type UserEnabled = Event<'UserEnabled', { userId: string }>;
export type UserPasswordReset = Event<'UserPasswordReset', { userId: string; passwordHash: string }>;

/**
 * The user was forgotten (152-FZ, GDPR): gone from `core.users`, their key deleted, so their user name in
 * `UserCreated` and their name on everything they did no longer read. Only a disabled user is forgotten.
 */
export type UserForgotten = Event<'UserForgotten', { userId: string }>;

export type UserEvent =
  UserCreated | UserRoleChanged | UserDisabled | UserEnabled | UserPasswordReset | UserForgotten;

/** The reservation of a user name on `username-<lower-case name>`, appended with `no_stream`: exact uniqueness. */
export type UsernameReserved = Event<'UsernameReserved', { username: string; userId: string }>;

/**
 * The reservation of a user name's look-alike skeleton (Unicode TR39) on `usernameskeleton-<digest>`, appended
 * with `no_stream` before the name's own: of two names that look alike, only the first is created. A lock that
 * holds digests, not the name (SHA-256 of the lower-case name: a racing creation of the same name tells itself
 * from a look-alike), so that a forgotten user's name stays only where exact uniqueness needs it (`username-<name>`).
 */
export type UsernameSkeletonReserved = Event<'UsernameSkeletonReserved', { nameDigest: string }>;

export const USER_EVENT_TYPES: readonly UserEvent['type'][] = [
  'UserCreated',
  'UserRoleChanged',
  'UserDisabled',
  'UserEnabled',
  'UserPasswordReset',
  'UserForgotten',
];
