import type { RecordedEvent } from '../../application/ports/index.ts';
import { storableData } from '../storable-data.ts';

/** A recorded event narrowed to a type, with when TBot recorded it. */
export type Recorded<E extends { type: string; data: unknown }> = E & { readonly at: string };

/**
 * The subscription delivers only the types the projector asks for; its strings are made storable, so no
 * text in the log (an OTRS title, an excerpt) can fail the read model's writes (`storableData`). Personal
 * fields arrive decrypted by the store's lens, or `null` once their subject is forgotten, whatever the event's
 * type says.
 */
export const asRecorded = <E extends { type: string; data: unknown }>(recorded: RecordedEvent): Recorded<E> =>
  ({
    type: recorded.type,
    data: storableData(recorded.data),
    at: recorded.metadata.occurredAt,
  }) as Recorded<E>;
