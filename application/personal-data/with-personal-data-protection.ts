import type { EventStore, RecordedEvent } from '../ports/index.ts';
import { employeeLenses } from './employee-lenses.ts';
import { telegramUserLenses } from './telegram-user-lenses.ts';
import { userLenses } from './user-lenses.ts';
import { otrsLenses } from './otrs-lenses.ts';
import { createPersonalDataCodec } from './personal-data-codec.ts';
import type { PersonalDataKeys } from './personal-data-keys.ts';
import type { PersonalDataLenses } from './personal-data-lens.ts';

export interface PersonalDataProtectionDeps {
  readonly keys: PersonalDataKeys;
  /** Defaults to {@link defaultPersonalDataLenses}. */
  readonly lenses?: PersonalDataLenses;
}

/** Every event type known to hold personal data. Features add their lenses here. */
export const defaultPersonalDataLenses: PersonalDataLenses = {
  ...employeeLenses,
  ...telegramUserLenses,
  ...userLenses,
  ...otrsLenses,
};

/**
 * The event store with crypto-shredding (DESIGN.md "Events"): personal fields are encrypted with their
 * person's key on every append (`pd1:...` strings, so events stay JSON) and decrypted on every read. Once a
 * person's key is forgotten their fields read as `null`.
 *
 * Upcasters run inside the wrapped store, before decryption: they may move a personal field, never read it.
 */
export function withPersonalDataProtection(store: EventStore, deps: PersonalDataProtectionDeps): EventStore {
  const codec = createPersonalDataCodec({
    keys: deps.keys,
    lenses: deps.lenses ?? defaultPersonalDataLenses,
  });

  return {
    // A repeated idempotent append is encrypted again with a fresh IV, then found a duplicate and not written.
    append: async (streamId, events, options) => store.append(streamId, await codec.protect(events), options),
    // One key batch for the whole bulk append: an import of 100,000 people asks the key store ~10 times.
    async appendMany(appends) {
      const protectedEvents = await codec.protect(appends.flatMap((append) => append.events));
      let offset = 0;
      return store.appendMany(
        appends.map((append) => {
          const events = protectedEvents.slice(offset, (offset += append.events.length));
          return { ...append, events };
        }),
      );
    },
    readStream: async (streamId, options) => codec.reveal(await store.readStream(streamId, options)),
    readAll: async (from, options) => codec.reveal(await store.readAll(from, options)),
    async *subscribe(from, options) {
      for await (const event of store.subscribe(from, options)) {
        const [revealed] = await codec.reveal([event]);
        if (revealed) yield revealed;
      }
    },
    async *subscribeBatches(from, options): AsyncIterable<RecordedEvent[]> {
      for await (const batch of store.subscribeBatches(from, options)) yield await codec.reveal(batch);
    },
    // Returns positions and revisions only: nothing personal to decrypt.
    findAppend: (idempotencyKey) => store.findAppend(idempotencyKey),
    headCheckpoint: () => store.headCheckpoint(),
  };
}
