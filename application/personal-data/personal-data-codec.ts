import type { EventMetadata } from '../../domain/shared/index.ts';
import { type NewEvent, type RecordedEvent, UnreadableEventError } from '../ports/index.ts';
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

/** Encrypts events' personal data before they are written, and decrypts it after they are read. */
export interface PersonalDataCodec {
  protect(events: readonly NewEvent[]): Promise<NewEvent[]>;
  reveal(events: readonly RecordedEvent[]): Promise<RecordedEvent[]>;
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

function subjects(events: readonly Lensed[], lenses: PersonalDataLenses): string[] {
  const found = new Set<string>();
  for (const event of events) {
    const lens = lenses[event.type];
    if (lens) found.add(lens.subjectOf(event.data));
  }
  return [...found];
}

export function createPersonalDataCodec({ keys, lenses }: PersonalDataCodecDeps): PersonalDataCodec {
  return {
    async protect(events) {
      const wanted = subjects(events, lenses);
      if (wanted.length === 0) return [...events];
      const found = await keys.getOrCreateMany(wanted);
      return events.map((event) => {
        const lens = lenses[event.type];
        if (!lens) return event;
        const subjectId = lens.subjectOf(event.data);
        const key = found.get(subjectId);
        if (!key) throw new Error(`No personal data key was created for ${subjectId}`);
        const context = fieldContext(subjectId, event.type);
        return transform(event, lens, (value) => encryptValue(key.key, context, value));
      });
    },

    async reveal(events) {
      const wanted = subjects(events, lenses);
      if (wanted.length === 0) return [...events];
      const found = await keys.getMany(wanted);
      return events.map((event) => {
        const lens = lenses[event.type];
        if (!lens) return event;
        const subjectId = lens.subjectOf(event.data);
        try {
          return transform(event, lens, decrypter(found.get(subjectId) ?? null, subjectId, event.type));
        } catch (error) {
          // Names the event, so that a projection reading it parks on it (DESIGN.md "Projections").
          throw new UnreadableEventError(event, error);
        }
      });
    },
  };
}

function decrypter(key: PersonalDataKey | null, subjectId: string, eventType: string): PersonalValueMap {
  // Forgotten: every personal value reads as null, even one written before encryption began.
  if (key === null) return () => null;
  const context = fieldContext(subjectId, eventType);
  return (value) => {
    if (!isEncryptedValue(value)) return value;
    const plaintext = decryptValue(key.key, context, value);
    if (plaintext === undefined) throw new PersonalDataDecryptionError(subjectId, eventType);
    return plaintext;
  };
}
