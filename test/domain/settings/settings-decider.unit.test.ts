import test from 'ava';
import {
  type ChangeSettings,
  type SettingValue,
  type SettingsEvent,
  SETTINGS,
  durationSeconds,
  settingsDecider,
  findSetting,
  validateSetting,
} from '../../../domain/settings/index.ts';
import { DomainError, fold } from '../../../domain/shared/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

const spec = deciderSpec(settingsDecider);
const change = (changes: Record<string, SettingValue | null>): ChangeSettings => ({
  type: 'ChangeSettings',
  data: { changes },
  metadata,
});
const changed = (...changes: { key: string; old: SettingValue; new: SettingValue }[]): SettingsEvent => ({
  type: 'SettingsChanged',
  data: { changes },
});

function refusal(changes: Record<string, SettingValue | null>, history: SettingsEvent[] = []) {
  try {
    settingsDecider.decide(change(changes), fold(settingsDecider, history));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('not refused');
}

test('starts from the registry defaults', (t) => {
  const state = settingsDecider.initialState();
  t.is(state.values['monitoring.checkIntervalSeconds'], 60);
  t.is(state.values['telegram.messageRetentionDays'], 90);
  t.is(state.values['bot.language'], 'ru');
  t.regex(String(state.values['bot.welcomeText']), /[а-я]/);
});

test('records old and new values of every effective change in one event', (t) => {
  spec(t)
    .given([])
    .when(change({ 'monitoring.checkIntervalSeconds': 30, 'bot.language': 'en' }))
    .then([
      changed(
        { key: 'monitoring.checkIntervalSeconds', old: 60, new: 30 },
        { key: 'bot.language', old: 'ru', new: 'en' },
      ),
    ]);
});

test('folds earlier changes: old is the current value', (t) => {
  spec(t)
    .given([changed({ key: 'monitoring.checkIntervalSeconds', old: 60, new: 30 })])
    .when(change({ 'monitoring.checkIntervalSeconds': 120 }))
    .then([changed({ key: 'monitoring.checkIntervalSeconds', old: 30, new: 120 })]);
});

test('a change that changes nothing appends nothing', (t) => {
  spec(t)
    .given([])
    .when(change({ 'monitoring.checkIntervalSeconds': 60 }))
    .then([]);
  spec(t).given([]).when(change({})).then([]);
});

test('only the settings that change are recorded', (t) => {
  spec(t)
    .given([])
    .when(change({ 'bot.language': 'ru', 'telegram.messageRetentionDays': 30 }))
    .then([changed({ key: 'telegram.messageRetentionDays', old: 90, new: 30 })]);
});

test('null puts a setting back to its default', (t) => {
  spec(t)
    .given([changed({ key: 'telegram.messageRetentionDays', old: 90, new: 30 })])
    .when(change({ 'telegram.messageRetentionDays': null }))
    .then([changed({ key: 'telegram.messageRetentionDays', old: 30, new: 90 })]);
});

test('refuses an unknown key', (t) => {
  spec(t)
    .given([])
    .when(change({ 'bot.colour': 'red' }))
    .thenThrows('SETTINGS.INVALID');
  t.deepEqual(refusal({ 'bot.colour': 'red' }).context['errors'], [
    { key: 'bot.colour', message: 'no such setting' },
  ]);
});

test('refuses invalid values, naming each, and records nothing of a partly valid command', (t) => {
  const error = refusal({
    'monitoring.checkIntervalSeconds': 5,
    'telegram.messageRetentionDays': 10.5,
    'bot.language': 'de',
    'bot.welcomeText': 42,
    'bot.welcomeText2': 'x',
  });
  t.is(error.code, 'SETTINGS.INVALID');
  t.deepEqual(
    (error.context['errors'] as { key: string }[]).map((e) => e.key),
    [
      'monitoring.checkIntervalSeconds',
      'telegram.messageRetentionDays',
      'bot.language',
      'bot.welcomeText',
      'bot.welcomeText2',
    ],
  );
  spec(t)
    .given([])
    .when(change({ 'monitoring.checkIntervalSeconds': 3601, 'bot.language': 'en' }))
    .thenThrows('SETTINGS.INVALID');
});

test('refuses a secret: secrets are never event-sourced', (t) => {
  const error = refusal({ 'otrs.servicePassword': 'abc' });
  t.regex(JSON.stringify(error.context['errors']), /secret store/);
});

test('validates every type of the registry', (t) => {
  const welcome = SETTINGS.find((s) => s.key === 'bot.welcomeText');
  if (!welcome) throw new Error('no bot.welcomeText');
  t.is(validateSetting(welcome, 'Привет'), undefined);
  t.is(validateSetting(welcome, 'я'.repeat(4097)), 'at most 4096 characters');
  const flag = { ...welcome, type: 'boolean' as const, constraints: {} };
  t.is(validateSetting(flag, true), undefined);
  t.is(validateSetting(flag, 'true'), 'must be true or false');
  const every = { ...welcome, type: 'duration' as const, constraints: { min: 60, max: 86_400 } };
  t.is(validateSetting(every, '15m'), undefined);
  t.is(validateSetting(every, '30s'), 'at least 60 seconds');
  t.is(validateSetting(every, '2d'), 'at most 86400 seconds');
  t.regex(validateSetting(every, 'soon') ?? '', /duration/);
  t.is(durationSeconds('2h'), 7200);
  const chat = findSetting('monitoring.adminsChat');
  if (!chat) return t.fail('monitoring.adminsChat is not registered');
  t.is(validateSetting(chat, ''), undefined);
  t.is(validateSetting(chat, '-1001234567890/42'), undefined);
  t.is(validateSetting(chat, '-100123 ; drop'), 'must be CHAT_ID or CHAT_ID/TOPIC_ID');
  t.is(validateSetting(chat, '12/0'), 'must be CHAT_ID or CHAT_ID/TOPIC_ID');
});

test('ignores events of a setting no longer in the registry', (t) => {
  const state = fold(settingsDecider, [changed({ key: 'gone.setting', old: 1, new: 2 })]);
  t.false('gone.setting' in state.values);
});
