import type { Actor, EventMetadata } from '../../domain/shared/index.ts';
import { type NewEvent, type RecordedEvent, UnreadableEventError } from '../ports/index.ts';
import { actorSubject } from './actor-subject.ts';
import {
  PersonalDataDecryptionError,
  decryptValue,
  encryptValue,
  fieldContext,
  isEncryptedValue,
} from './personal-data-cipher.ts';
import type { PersonalDataKey, PersonalDataKeys } from './personal-data-keys.ts';
import type { PersonalDataLens, PersonalDataLenses, PersonalValueMap } from './personal-data-lens.ts';

export interface PersonalDataCodecDeps {
  readonly keys: PersonalDataKeys;
  readonly lenses: PersonalDataLenses;
}

/**
 * Encrypts events' personal data before they are written, and decrypts it after they are read: what the
 * event type's lens names and the reason (with the key of the person the event is about), and the actor's
 * name (with the actor's own key, see {@link actorSubject}). Once a person is forgotten, their values read
 * as `null`: `metadata.actor.name` too, although its type says `string`.
 */
export interface PersonalDataCodec {
  protect(events: readonly NewEvent[]): Promise<NewEvent[]>;
  /** Each event as it was, its personal data decrypted (or `null`): of the same type as it was read. */
  reveal<E extends RecordedEvent>(events: readonly E[]): Promise<E[]>;
}

interface Lensed {
  readonly type: string;
  readonly data: object;
  readonly metadata: EventMetadata;
}

/**
 * The personal data of an event is what its lens names, plus `metadata.reason`: a free-text reason given
 * for a change to a person ("typo in Ivanov's phone") is as personal as the fields it explains.
 */
function transform<E extends Lensed>(event: E, lens: PersonalDataLens, map: PersonalValueMap): E {
  const { reason } = event.metadata;
  const metadata =
    reason === undefined
      ? event.metadata
      : withReason(event.metadata, typeof reason === 'string' ? map(reason) : reason);
  return { ...event, data: lens.mapPersonal(event.data, map), metadata };
}

function withReason(metadata: EventMetadata, reason: string | null): EventMetadata {
  if (reason !== null) return { ...metadata, reason };
  const { reason: _forgotten, ...rest } = metadata;
  return rest;
}

function withActorName<E extends Lensed>(event: E, name: string | null): E {
  // `null` once the actor is forgotten: the type says string, readers of `actor.name` must accept null.
  const actor = { ...event.metadata.actor, name } as unknown as Actor;
  return { ...event, metadata: { ...event.metadata, actor } };
}

function dataSubjects(events: readonly Lensed[], lenses: PersonalDataLenses): Set<string> {
  const found = new Set<string>();
  for (const event of events) {
    const lens = lenses[event.type];
    if (lens) found.add(lens.subjectOf(event.data));
  }
  return found;
}

function actorSubjects(events: readonly Lensed[]): Set<string> {
  const found = new Set<string>();
  for (const event of events) {
    const subject = actorSubject(event.metadata.actor);
    if (subject !== null) found.add(subject);
  }
  return found;
}

/** The subject of a refusal to create a key for a forgotten person (the key store's tombstone), if it is one. */
function forgottenSubjectOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, subjectId } = error as { code?: unknown; subjectId?: unknown };
  return code === 'PERSONAL_DATA.SUBJECT_FORGOTTEN' && typeof subjectId === 'string' ? subjectId : null;
}

/**
 * The keys of every subject, created where missing, in one batch (an import of 100,000 people asks once). A
 * forgotten person's own data is refused (the key store throws); a forgotten person who only acts is not:
 * the event is written, their name left out of it.
 */
async function createKeys(
  keys: PersonalDataKeys,
  about: ReadonlySet<string>,
  by: ReadonlySet<string>,
): Promise<ReadonlyMap<string, PersonalDataKey>> {
  const refused = new Set<string>();
  for (;;) {
    const wanted = [...new Set([...about, ...by])].filter((subject) => !refused.has(subject));
    try {
      return await keys.getOrCreateMany(wanted);
    } catch (error) {
      const subject = forgottenSubjectOf(error);
      if (subject === null || about.has(subject) || refused.has(subject)) throw error;
      refused.add(subject);
    }
  }
}

export function createPersonalDataCodec({ keys, lenses }: PersonalDataCodecDeps): PersonalDataCodec {
  return {
    async protect(events) {
      const about = dataSubjects(events, lenses);
      const by = actorSubjects(events);
      if (about.size === 0 && by.size === 0) return [...events];
      const found = await createKeys(keys, about, by);
      return events.map((event) => {
        let result = event;
        const lens = lenses[event.type];
        if (lens) {
          const subjectId = lens.subjectOf(event.data);
          const key = found.get(subjectId);
          if (!key) throw new Error(`No personal data key was created for ${subjectId}`);
          const context = fieldContext(subjectId, event.type);
          result = transform(event, lens, (value) => encryptValue(key.key, context, value));
        }
        const actor = actorSubject(event.metadata.actor);
        if (actor !== null) {
          const key = found.get(actor);
          const name = event.metadata.actor.name;
          result = withActorName(
            result,
            key ? encryptValue(key.key, fieldContext(actor, event.type), name) : '',
          );
        }
        return result;
      });
    },

    async reveal(events) {
      const about = dataSubjects(events, lenses);
      const by = actorSubjects(events);
      if (about.size === 0 && by.size === 0) return [...events];
      const found = await keys.getMany([...new Set([...about, ...by])]);
      const forgotten = await keys.forgottenAmong(mayBePlain(events, lenses, found));
      return events.map((event) => {
        let result = event;
        const lens = lenses[event.type];
        try {
          if (lens) {
            const subjectId = lens.subjectOf(event.data);
            const key = found.get(subjectId) ?? null;
            const plainShown = lens.plainBeforeLens === true && !forgotten.has(subjectId);
            result = transform(event, lens, decrypter(key, subjectId, event.type, plainShown));
          }
          const actor = actorSubject(event.metadata.actor);
          if (actor !== null) {
            const name = forgotten.has(actor) ? null : revealName(event, actor, found.get(actor) ?? null);
            result = withActorName(result, name);
          }
        } catch (error) {
          // Names the event, so that a projection reading it parks on it (DESIGN.md "Projections").
          throw new UnreadableEventError(event, error);
        }
        return result;
      });
    },
  };
}

/**
 * The subjects without a key whose events may hold plain values (written before their fields were encrypted:
 * actor names, `plainBeforeLens` types): shown as they are unless the person was forgotten, which only the
 * tombstone tells apart from never having had a key.
 */
function mayBePlain(
  events: readonly Lensed[],
  lenses: PersonalDataLenses,
  found: ReadonlyMap<string, PersonalDataKey | null>,
): string[] {
  const keyless = new Set<string>();
  const add = (subjectId: string) => {
    if ((found.get(subjectId) ?? null) === null) keyless.add(subjectId);
  };
  for (const event of events) {
    const lens = lenses[event.type];
    if (lens?.plainBeforeLens === true) add(lens.subjectOf(event.data));
    const actor = actorSubject(event.metadata.actor);
    if (actor !== null) add(actor);
  }
  return [...keyless];
}

function decrypter(
  key: PersonalDataKey | null,
  subjectId: string,
  eventType: string,
  plainBeforeLens: boolean,
): PersonalValueMap {
  // Forgotten: every personal value reads as null, even one written before encryption began (but see
  // `plainBeforeLens`: a value written before its type had a lens is shown as it is).
  if (key === null) return plainBeforeLens ? (value) => (isEncryptedValue(value) ? null : value) : () => null;
  const context = fieldContext(subjectId, eventType);
  return (value) => {
    if (!isEncryptedValue(value)) return value;
    const plaintext = decryptValue(key.key, context, value);
    if (plaintext === undefined) throw new PersonalDataDecryptionError(subjectId, eventType);
    return plaintext;
  };
}

/**
 * An actor's name: decrypted while their key exists, `null` once it is gone. A name written before actor
 * names were encrypted is shown as it is: it is plain in the log, and a person without a key yet (who acted
 * only then) is not forgotten.
 */
function revealName(event: Lensed, subjectId: string, key: PersonalDataKey | null): string | null {
  const { name } = event.metadata.actor;
  if (typeof name !== 'string' || !isEncryptedValue(name)) return typeof name === 'string' ? name : null;
  if (key === null) return null;
  const plaintext = decryptValue(key.key, fieldContext(subjectId, event.type), name);
  if (plaintext === undefined) throw new PersonalDataDecryptionError(subjectId, event.type);
  return plaintext;
}
