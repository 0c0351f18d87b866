import {
  SETTINGS_STREAM_ID,
  type SettingValue,
  type SettingsEvent,
  settingsDecider,
} from '../../domain/settings/index.ts';
import { type Checkpoint, type EventStore, compareCheckpoints } from '../ports/index.ts';

export interface SettingsView {
  /** Current values of every setting (secrets: their defaults; their real values are not event-sourced). */
  current(): Readonly<Record<string, SettingValue>>;
  /** Resolves `true` once the view has applied `checkpoint`, `false` after `timeoutMs`. */
  waitFor(checkpoint: Checkpoint, timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

export interface SettingsViewDeps {
  readonly store: EventStore;
  readonly onError?: (error: unknown) => void;
  /** Pause before subscribing again after a failure. */
  readonly retryMs?: number;
}

/**
 * This node's in-memory settings: the `settings` stream folded over the defaults, caught up from the start
 * and then kept live by the store's subscription (woken by NOTIFY), so a change made on any node shows here
 * within a second. Resolves once caught up with the head at start.
 */
export async function startSettingsView(deps: SettingsViewDeps): Promise<SettingsView> {
  const { store, retryMs = 1000 } = deps;
  const abort = new AbortController();
  let state = settingsDecider.initialState();
  let seen: Checkpoint | null = null;
  const waiters = new Set<() => void>();
  const reached = (target: Checkpoint) => seen !== null && compareCheckpoints(seen, target) >= 0;

  const waitFor = (checkpoint: Checkpoint, timeoutMs = 5000) =>
    new Promise<boolean>((resolve) => {
      const wake = () => {
        if (!reached(checkpoint) && !abort.signal.aborted) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(reached(checkpoint));
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      waiters.add(wake);
      wake();
    });

  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const events = store.subscribe(seen, {
          filter: { streamPrefix: SETTINGS_STREAM_ID },
          signal: abort.signal,
        });
        for await (const event of events) {
          if (event.streamId === SETTINGS_STREAM_ID) {
            state = settingsDecider.evolve(state, event as unknown as SettingsEvent);
          }
          seen = event.checkpoint;
          for (const wake of waiters) wake();
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        deps.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }
  };

  const last = (await store.readStream(SETTINGS_STREAM_ID, { direction: 'backwards', maxCount: 1 })).at(0);
  const running = run();
  if (last) await waitFor(last.checkpoint, 30_000);

  return {
    current: () => state.values,
    waitFor,
    stop: async () => {
      abort.abort();
      for (const wake of waiters) wake();
      await running;
    },
  };
}
