import type { Command } from '../shared/index.ts';
import type { SettingValue } from './setting-registry.ts';

/** New values by key; `null` puts a setting back to its default. */
export type ChangeSettings = Command<
  'ChangeSettings',
  { changes: Readonly<Record<string, SettingValue | null>> }
>;

export type SettingsCommand = ChangeSettings;
