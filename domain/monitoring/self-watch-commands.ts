import type { Command } from '../shared/index.ts';
import type { SelfCheckCondition, SelfCheckDetail } from './self-watch-events.ts';

/**
 * What the self-watch saw of one condition at `metadata.occurredAt`: `failing` says what is wrong, `null` that
 * it is clear; `gone`: the subject is no more (a node that left), which ends an episode as nothing else can.
 * Only a change (clear to failing, failing to clear or gone) is an event.
 */
export type ObserveSelfCheck = Command<
  'ObserveSelfCheck',
  {
    readonly condition: SelfCheckCondition;
    readonly subject: string;
    readonly failing: SelfCheckDetail | null;
    readonly gone?: boolean;
  }
>;

export type SelfWatchCommand = ObserveSelfCheck;
