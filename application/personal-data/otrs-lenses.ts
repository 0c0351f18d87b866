import {
  OTRS_PERSONAL_FIELDS,
  type OtrsPersonalEventType,
  otrsPersonalSubjectOf,
} from '../../domain/otrs/index.ts';
import type { PersonalDataLens, PersonalDataLenses, PersonalValueMap } from './personal-data-lens.ts';

type Data = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Data =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of `data` with the string at `path` passed through `map`; a path through `null` or a missing key (a
 * ticket without a customer, an action that is not a note) holds nothing and is left as it is.
 */
function mapAt(data: Data, path: readonly string[], map: PersonalValueMap): Data {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(data, head)) return data;
  const value = data[head];
  if (rest.length === 0) return typeof value === 'string' ? { ...data, [head]: map(value) } : data;
  return isObject(value) ? { ...data, [head]: mapAt(value, rest, map) } : data;
}

function lensOf(type: OtrsPersonalEventType): PersonalDataLens {
  const paths = OTRS_PERSONAL_FIELDS[type].map((field) => field.split('.'));
  return {
    subjectOf(data) {
      const subject = otrsPersonalSubjectOf(type, data as Parameters<typeof otrsPersonalSubjectOf>[1]);
      // Every listed type names a subject; a type that does not is a bug in the map, not data to guess at.
      if (subject === null) throw new Error(`${type} names no personal data subject`);
      return subject;
    },
    // After forgetting, a field read as null although its type may say string (`customer.userId`).
    mapPersonal: (data, map) => paths.reduce((mapped, path) => mapAt(mapped, path, map), data as Data),
  };
}

/**
 * The OTRS events' lenses, exactly as {@link OTRS_PERSONAL_FIELDS} lists them, under the subject
 * `otrsPersonalSubjectOf` names: a ticket's text under its customer's key (`otrs-customer-<key>`, or the
 * ticket's own), an agent's login under the agent's (`otrs-agent-<UserID>`) or, in a link and its claim, the
 * Telegram user's. The other OTRS types (ids, states, queues, times, OTRS's errors) pass untouched. None is
 * `plainBeforeLens`: these events were encrypted from the first one.
 */
export const otrsLenses: PersonalDataLenses = Object.fromEntries(
  (Object.keys(OTRS_PERSONAL_FIELDS) as OtrsPersonalEventType[]).map((type) => [type, lensOf(type)]),
);
