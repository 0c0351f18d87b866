import {
  SETTINGS_STREAM_ID,
  type SettingValue,
  type SettingsEvent,
  settingsDecider,
} from '../../domain/settings/index.ts';
import {
  type CommandContext,
  type CommandResult,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';

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
      write: CommandContext,
    ): Promise<CommandResult<SettingsEvent>> =>
      handle({ type: 'ChangeSettings', data: { changes }, metadata: write.metadata }, handleOptions(write)),
  };
}

export type SettingsCommands = ReturnType<typeof makeSettingsCommands>;
