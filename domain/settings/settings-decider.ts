import { type Decider, DomainError } from '../shared/index.ts';
import { type SettingValue, defaultSettings, findSetting, validateSetting } from './setting-registry.ts';
import type { SettingsCommand } from './settings-commands.ts';
import type { SettingChange, SettingsEvent } from './settings-events.ts';

/** The one stream of every settings change. */
export const SETTINGS_STREAM_ID = 'settings';

export interface SettingsState {
  readonly values: Readonly<Record<string, SettingValue>>;
}

/** A refused setting, as `SETTINGS.INVALID` carries it in `context.errors`. */
export interface SettingError {
  readonly key: string;
  readonly message: string;
}

/** The settings: defaults from the registry, changed by `SettingsChanged` events on one stream. */
export const settingsDecider: Decider<SettingsCommand, SettingsEvent, SettingsState> = {
  initialState: () => ({ values: defaultSettings() }),

  evolve: (state, event) => {
    const values = { ...state.values };
    // A key no longer in the registry is ignored: its events stay in the log, its value matters no more.
    for (const change of event.data.changes) if (findSetting(change.key)) values[change.key] = change.new;
    return { values };
  },

  decide: (command, state) => {
    const errors: SettingError[] = [];
    const changes: SettingChange[] = [];
    for (const [key, requested] of Object.entries(command.data.changes)) {
      const setting = findSetting(key);
      if (!setting) {
        errors.push({ key, message: 'no such setting' });
        continue;
      }
      if (setting.secret) {
        errors.push({
          key,
          message: 'a secret: it comes from the environment or the secret store, not from this API',
        });
        continue;
      }
      const value = requested ?? setting.default;
      const problem = validateSetting(setting, value);
      if (problem !== undefined) {
        errors.push({ key, message: problem });
        continue;
      }
      const old = state.values[key] ?? setting.default;
      if (old !== value) changes.push({ key, old, new: value });
    }
    if (errors.length > 0) {
      const keys = errors.map((e) => e.key).join(', ');
      throw new DomainError('SETTINGS.INVALID', `Settings refused: ${keys}`, { errors });
    }
    return changes.length === 0 ? [] : [{ type: 'SettingsChanged', data: { changes } }];
  },
};
