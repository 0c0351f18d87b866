import type { TelegramUserEvent, TelegramUserRegistered } from '../../domain/telegram/index.ts';
import { telegramUserSubject } from './actor-subject.ts';
import type { PersonalDataLens, PersonalDataLenses, PersonalValueMap } from './personal-data-lens.ts';

const mapNullable = (value: string | null, map: PersonalValueMap) => (value === null ? null : map(value));

// Telegram's profile: the names and the username are the person's; the id and the language code are not
// readable data about them (the id is how every table finds their rows to scrub).
const registered: PersonalDataLens<TelegramUserRegistered> = {
  subjectOf: (data) => telegramUserSubject(data.telegramUserId),
  mapPersonal: (data, map) => ({
    ...data,
    username: mapNullable(data.username, map),
    // After forgetting, `firstName` is null although the type says string (see PersonalDataLens).
    firstName: map(data.firstName) as string,
    lastName: mapNullable(data.lastName, map),
  }),
  plainBeforeLens: true,
};

/** A Telegram user event with no personal field: only its subject, so that its `reason` is protected too. */
function subjectOnly<E extends TelegramUserEvent>(): PersonalDataLens<E> {
  return {
    subjectOf: (data) => telegramUserSubject(data.telegramUserId),
    mapPersonal: (data) => data,
    plainBeforeLens: true,
  };
}

/**
 * The Telegram user events' lenses, subject `telegram-user-<id>`. `TelegramUserForgotten` has one too: it is
 * written while the key still exists, its reason encrypted with it, and the key goes after it.
 */
export const telegramUserLenses: PersonalDataLenses = {
  TelegramUserRegistered: registered,
  TelegramAccessRequested: subjectOnly(),
  TelegramAccessApproved: subjectOnly(),
  TelegramAccessDenied: subjectOnly(),
  TelegramUserBlocked: subjectOnly(),
  TelegramUserRoleChanged: subjectOnly(),
  TelegramUserForgotten: subjectOnly(),
};
