import type { UserCreated, UserEvent, UsernameReserved } from '../../domain/users/index.ts';
import { userSubject } from './actor-subject.ts';
import type { PersonalDataLens, PersonalDataLenses } from './personal-data-lens.ts';

// A web-admin user's login name is their name as an actor too: under the same key, `user-<id>`.
const created: PersonalDataLens<UserCreated> = {
  subjectOf: (data) => userSubject(data.userId),
  // After forgetting, `username` is null although the type says string (see PersonalDataLens).
  mapPersonal: (data, map) => ({ ...data, username: map(data.username) as string }),
  plainBeforeLens: true,
};

const reserved: PersonalDataLens<UsernameReserved> = {
  subjectOf: (data) => userSubject(data.userId),
  mapPersonal: (data, map) => ({ ...data, username: map(data.username) as string }),
  plainBeforeLens: true,
};

function subjectOnly<E extends UserEvent>(): PersonalDataLens<E> {
  return {
    subjectOf: (data) => userSubject(data.userId),
    mapPersonal: (data) => data,
    plainBeforeLens: true,
  };
}

/**
 * The web-admin users' lenses, subject `user-<id>`. The reservation stream's id (`username-<lower-case name>`)
 * still names them: a stream id cannot be encrypted, and exact uniqueness needs it.
 */
export const userLenses: PersonalDataLenses = {
  UserCreated: created,
  UsernameReserved: reserved,
  UserRoleChanged: subjectOnly(),
  UserDisabled: subjectOnly(),
  UserEnabled: subjectOnly(),
  UserPasswordReset: subjectOnly(),
  UserForgotten: subjectOnly(),
};
