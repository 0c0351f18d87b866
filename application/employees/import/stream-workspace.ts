import {
  type Command,
  type Decider,
  type Event,
  type EventMetadata,
  fold,
} from '../../../domain/shared/index.ts';
import type { ExpectedRevision, NewEvent, StreamAppend } from '../../ports/index.ts';

interface Entry {
  state: unknown;
  readonly revision: ExpectedRevision;
  pending: Event[];
}

/**
 * Many streams decided in memory, then appended at once: each stream's state as loaded (with its revision, the
 * expected revision of its append) plus what the commands so far decided. Work is grouped in units (`unit`):
 * a unit that throws leaves no trace, so one bad row of an import does not half-apply. Streams are appended in
 * the order they were first changed, which keeps a department before the people who join it.
 */
export function streamWorkspace() {
  const entries = new Map<string, Entry>();
  // Insertion-ordered: the order streams were first changed in.
  const order = new Set<string>();
  let journal: [string, Entry | undefined][] | null = null;
  // Every decided event in order, for `pendingSince`.
  const decided: Event[] = [];

  function entry(streamId: string): Entry | undefined {
    return entries.get(streamId);
  }

  return {
    /** Puts a stream as loaded from the store. */
    load<E extends Event, S>(
      decider: Decider<never, E, S>,
      streamId: string,
      events: readonly E[],
      revision: number,
    ) {
      entries.set(streamId, { state: fold(decider, events), revision, pending: [] });
    },

    /** The stream's state now (loaded, plus what was decided); the decider's initial state when unknown. */
    state<S>(decider: { readonly initialState: () => S }, streamId: string): S {
      return (entry(streamId)?.state as S | undefined) ?? decider.initialState();
    },

    /** Decides `command` on the stream's current state and keeps the events; returns them. */
    decide<C extends Command, E extends Event, S>(
      decider: Decider<C, E, S>,
      streamId: string,
      command: C,
    ): readonly E[] {
      const current = entry(streamId);
      const state = (current?.state as S | undefined) ?? decider.initialState();
      const events = decider.decide(command, state);
      if (events.length === 0) return events;
      journal?.push([streamId, current && { ...current, pending: [...current.pending] }]);
      const next: Entry = current ?? { state, revision: 'no_stream', pending: [] };
      next.state = events.reduce(decider.evolve, state);
      order.add(streamId);
      next.pending.push(...events);
      decided.push(...events);
      entries.set(streamId, next);
      return events;
    },

    /** Runs `work`; if it throws, every stream is put back as it was before, and the error rethrown. */
    unit<T>(work: () => T): T {
      journal = [];
      const mark = decided.length;
      try {
        return work();
      } catch (error) {
        for (const [streamId, previous] of journal.reverse()) {
          if (previous) entries.set(streamId, previous);
          else entries.delete(streamId);
        }
        decided.length = mark;
        throw error;
      } finally {
        journal = null;
      }
    },

    /** How many events were decided so far. */
    pendingCount: (): number => decided.length,

    /** The events decided after the first `count`. */
    pendingSince: (count: number): readonly Event[] => decided.slice(count),

    /** Every stream with decided events, as appends expecting the loaded revisions. */
    appends(metadata: EventMetadata): StreamAppend[] {
      return [...order].flatMap((streamId) => {
        const e = entries.get(streamId);
        if (!e || e.pending.length === 0) return [];
        const events: NewEvent[] = e.pending.map((event) => ({
          type: event.type,
          data: event.data,
          metadata,
        }));
        return [{ streamId, events, expectedRevision: e.revision }];
      });
    },
  };
}

export type StreamWorkspace = ReturnType<typeof streamWorkspace>;
