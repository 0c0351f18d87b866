import type { SettingValue } from '../../../domain/settings/index.ts';
import { findSetting } from '../../../domain/settings/index.ts';
import { EN } from './texts-en.ts';
import { type BotTexts, RU, type TextKey } from './texts-ru.ts';

export const LANGUAGES = { ru: RU, en: EN } as const satisfies Record<string, BotTexts>;
export type Language = keyof typeof LANGUAGES;

/** Texts an admin can edit through settings; a setting changed from its default replaces the text everywhere. */
const TEXT_SETTINGS: Partial<Record<TextKey, string>> = {
  welcome: 'bot.welcomeText',
  accessRequested: 'bot.accessRequestedText',
  accessDenied: 'bot.accessDeniedText',
  rateLimited: 'bot.rateLimitedText',
};

/** Escapes text for Telegram's HTML parse mode. */
export const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export type Translate = (key: TextKey, params?: Readonly<Record<string, string | number>>) => string;

/**
 * The user's language: English when their client says so, the `bot.language` setting otherwise (Russian by
 * default).
 */
export function chooseLanguage(
  languageCode: string | null | undefined,
  settings: Readonly<Record<string, SettingValue>>,
): Language {
  if (languageCode?.toLowerCase().startsWith('en')) return 'en';
  return settings['bot.language'] === 'en' ? 'en' : 'ru';
}

/** A translator for one update: the language's templates with settings' overrides, as Telegram HTML. */
export function translator(language: Language, settings: Readonly<Record<string, SettingValue>>): Translate {
  const texts = LANGUAGES[language];
  return (key, params = {}) => {
    const settingKey = TEXT_SETTINGS[key];
    const setting = settingKey === undefined ? undefined : findSetting(settingKey);
    const override = setting === undefined ? undefined : settings[setting.key];
    const template =
      typeof override === 'string' && override !== setting?.default && override !== ''
        ? override
        : texts[key];
    // Templates are plain text (an admin may type `<` in a setting): escaped whole, like the parameters.
    return escapeHtml(template).replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : escapeHtml(String(value));
    });
  };
}
