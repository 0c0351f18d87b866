import type { Event } from '../../domain/shared/index.ts';

/** Transforms one personal value: encrypts on write, decrypts on read (`null` once the person is forgotten). */
export type PersonalValueMap = (value: string) => string | null;

/**
 * Where the personal data of one event type is, and whose it is. The same lens encrypts on append and
 * decrypts on read, so the two cannot disagree about which fields are personal.
 *
 * After a person is forgotten their personal fields read as `null`, even where the event's type says
 * `string` (`fullName`): every reader of these events must accept `null` there.
 */
export interface PersonalDataLens<E extends Event = Event> {
  /** The subject id of the person the event's personal data belongs to (`employee-<employeeId>`). */
  subjectOf(data: E['data']): string;
  /** A copy of `data` with every personal string value passed through `map`; `null` values stay `null`. */
  mapPersonal(data: E['data'], map: PersonalValueMap): E['data'];
  /**
   * The type was written in plain before it had a lens (Telegram users, web-admin users): a plain value of a
   * subject without a key is shown as it is (it was never encrypted: forgetting cannot hide it, and a person
   * of those days is not forgotten for having no key). Without this, every value of a keyless subject is null.
   */
  readonly plainBeforeLens?: true;
}

/** Lenses by event type; an event type without one holds no personal data and passes through untouched. */
export type PersonalDataLenses = Readonly<Partial<Record<string, PersonalDataLens>>>;
