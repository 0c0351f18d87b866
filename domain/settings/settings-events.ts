import type { Event } from '../shared/index.ts';
import type { SettingValue } from './setting-registry.ts';

/** One changed setting; `old` and `new` are the values before and after (never a secret's). */
export interface SettingChange {
  readonly key: string;
  readonly old: SettingValue;
  readonly new: SettingValue;
}

export type SettingsChanged = Event<'SettingsChanged', { changes: SettingChange[] }>;

export type SettingsEvent = SettingsChanged;

export const SETTINGS_EVENT_TYPES: readonly SettingsEvent['type'][] = ['SettingsChanged'];
