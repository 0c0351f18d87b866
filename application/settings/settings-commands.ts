import type { EventMetadata } from '../../domain/shared/index.ts';
import {
  SETTINGS_STREAM_ID,
  type SettingValue,
  type SettingsEvent,
  settingsDecider,
} from '../../domain/settings/index.ts';
import { type CommandResult, makeCommandHandler } from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';

/** Write options: the command's metadata and, from an interface, its idempotency key. */
export interface SettingsWrite {
  readonly metadata: EventMetadata;
  readonly idempotencyKey?: string;
}

/** Changes settings on the `settings` stream: one `SettingsChanged` per effective change, none otherwise. */
export function makeSettingsCommands(deps: { readonly store: EventStore }) {
  const handle = makeCommandHandler({
    store: deps.store,
    decider: settingsDecider,
    streamId: () => SETTINGS_STREAM_ID,
  });
  return {
    change: (
      changes: Readonly<Record<string, SettingValue | null>>,
      write: SettingsWrite,
    ): Promise<CommandResult<SettingsEvent>> =>
      handle(
        { type: 'ChangeSettings', data: { changes }, metadata: write.metadata },
        write.idempotencyKey === undefined ? {} : { idempotencyKey: write.idempotencyKey },
      ),
  };
}

export type SettingsCommands = ReturnType<typeof makeSettingsCommands>;
